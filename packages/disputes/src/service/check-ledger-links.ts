import { err, ok, type Result, type StorageTransaction } from '@strongroom/kernel';
import type { OpenDisputeCommand } from '../lifecycle/dispute-command.js';
import type { DisputesDependencies } from './disputes-dependencies.js';
import type { DisputesError } from './disputes-error.js';

/** Checks the ledger links of a new dispute: the transfer exists, the merchant's account can pay it. */
export async function checkLedgerLinks(
  dependencies: DisputesDependencies,
  tx: StorageTransaction,
  command: OpenDisputeCommand,
): Promise<Result<void, DisputesError>> {
  const scope = dependencies.ledger.within(tx);
  const movements = await scope.lookupMovements([command.transferId]);
  if (movements.isErr()) return err(movements.error);
  const [movement] = movements.value;
  if (movement === null || movement === undefined)
    return err({ type: 'dispute.transfer_not_found', transferId: command.transferId });
  const accounts = await scope.lookupAccounts([command.merchantAccountId]);
  if (accounts.isErr()) return err(accounts.error);
  const [account] = accounts.value;
  if (account === null || account === undefined)
    return err({
      type: 'dispute.merchant_account_invalid',
      merchantAccountId: command.merchantAccountId,
      reason: 'not_found',
    });
  const credited =
    movement.kind === 'transfer'
      ? movement.transfer.creditAccountId === command.merchantAccountId
      : movement.journal.postings.some(
          (posting) => posting.accountId === command.merchantAccountId && posting.side === 'credit',
        );
  // The merchant is the one who was paid: a dispute against anyone else's balance is a mistake.
  if (!credited)
    return err({
      type: 'dispute.merchant_account_invalid',
      merchantAccountId: command.merchantAccountId,
      reason: 'not_paid_by_transfer',
    });
  if (account.currency !== command.amount.currency)
    return err({
      type: 'dispute.merchant_account_invalid',
      merchantAccountId: command.merchantAccountId,
      reason: 'currency_mismatch',
    });
  if (
    movement.kind === 'transfer' &&
    movement.transfer.currency === command.amount.currency &&
    BigInt(command.amount.amountMinor) > movement.transfer.amountMinor
  )
    return err({ type: 'dispute.amount_exceeds_transfer', transferId: command.transferId });
  return ok(undefined);
}
