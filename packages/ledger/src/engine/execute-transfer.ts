import { assert } from '@strongroom/kernel';
import {
  checkTransferShape,
  type ParsedTransfer,
  type TransferShape,
  validateTransfer,
} from '../model/parse-transfer.js';
import type { Transfer } from '../model/transfer.js';
import type { TransferFailureStatus } from '../model/transfer-status.js';
import { balancingAmount, resolveDelta, sideDelta } from './balance-arithmetic.js';
import { compareTransfer } from './event-idempotency.js';
import { executeEventOfKind } from './event-pipeline.js';
import { knownBalances } from './event-results.js';
import type { LedgerOverlay } from './ledger-overlay.js';
import {
  movementStamp,
  newMovementLifecycle,
  resolutionLifecycle,
  resolvedPendingFault,
} from './movement-lifecycle.js';
import { applyMovements, type Movement, movementFault } from './movements.js';
import type { TransferResult } from './transfer-result.js';

function existsResult(scope: LedgerOverlay, stored: Transfer): TransferResult {
  const balances = knownBalances(scope, [stored.debitAccountId, stored.creditAccountId]);
  return {
    id: stored.id,
    status: 'exists',
    timestamp: stored.timestamp,
    transfer: stored,
    journal: null,
    debitAccount:
      balances.find((entry) => entry.accountId === stored.debitAccountId)?.balances ?? null,
    creditAccount:
      balances.find((entry) => entry.accountId === stored.creditAccountId)?.balances ?? null,
    accounts: balances,
  };
}

function createdResult(transfer: Transfer, balances: TransferResult['accounts']): TransferResult {
  const [debit, credit] = balances;
  assert(debit !== undefined && credit !== undefined, 'a transfer moves two accounts');
  return {
    id: transfer.id,
    status: 'created',
    timestamp: transfer.timestamp,
    transfer,
    journal: null,
    debitAccount: debit.balances,
    creditAccount: credit.balances,
    accounts: balances,
  };
}

/** A single-phase or pending transfer (not a post or void). */
function createTransfer(
  scope: LedgerOverlay,
  parsed: ParsedTransfer,
  timestamp: bigint,
  now: Date,
): TransferResult | TransferFailureStatus {
  const { debitAccountId, creditAccountId, amountMinor, currency, code } = parsed;
  assert(
    debitAccountId !== null &&
      creditAccountId !== null &&
      amountMinor !== null &&
      currency !== null &&
      code !== null,
    'validation guarantees the fields of a plain transfer',
  );
  const debit = scope.account(debitAccountId);
  if (debit === undefined) return 'debit_account_not_found';
  const credit = scope.account(creditAccountId);
  if (credit === undefined) return 'credit_account_not_found';
  if (debit.currency !== credit.currency) return 'accounts_must_have_the_same_currency';
  if (currency !== debit.currency) return 'transfer_must_have_the_same_currency_as_accounts';
  if (debit.status === 'closed') return 'debit_account_already_closed';
  if (credit.status === 'closed') return 'credit_account_already_closed';

  const { flags } = parsed;
  let amount = amountMinor;
  if (flags.balancingDebit) amount = balancingAmount(debit, 'debit', amount);
  if (flags.balancingCredit) amount = balancingAmount(credit, 'credit', amount);
  const kind = flags.pending ? 'pending' : 'posted';
  const movements: Movement[] = [
    {
      account: debit,
      side: 'debit',
      kind,
      amountMinor: amount,
      delta: sideDelta('debit', amount, flags.pending),
      status: flags.closingDebit ? 'closed' : null,
    },
    {
      account: credit,
      side: 'credit',
      kind,
      amountMinor: amount,
      delta: sideDelta('credit', amount, flags.pending),
      status: flags.closingCredit ? 'closed' : null,
    },
  ];
  const fault = movementFault(movements);
  if (fault !== null) return fault;

  const transfer: Transfer = {
    id: parsed.id,
    debitAccountId,
    creditAccountId,
    amountMinor: amount,
    currency,
    code,
    metadata: parsed.metadata ?? {},
    flags,
    ...newMovementLifecycle(
      { pending: flags.pending, timeoutMs: parsed.timeoutMs, effectiveAt: parsed.effectiveAt },
      now,
      timestamp,
    ),
  };
  scope.createTransfer(transfer);
  return createdResult(transfer, applyMovements(scope, movements, movementStamp(transfer)));
}

/** A post or void of a pending transfer, checked in TigerBeetle's post/void order. */
function resolvePendingTransfer(
  scope: LedgerOverlay,
  parsed: ParsedTransfer,
  timestamp: bigint,
  now: Date,
): TransferResult | TransferFailureStatus {
  assert(parsed.pendingId !== null, 'validation guarantees a pending id on a post or void');
  const pending = scope.transfer(parsed.pendingId);
  if (pending === undefined) {
    return scope.journal(parsed.pendingId) === undefined
      ? 'pending_transfer_not_found'
      : 'pending_transfer_has_different_kind';
  }
  if (!pending.flags.pending) return 'pending_transfer_not_pending';
  if (parsed.debitAccountId !== null && parsed.debitAccountId !== pending.debitAccountId)
    return 'pending_transfer_has_different_debit_account_id';
  if (parsed.creditAccountId !== null && parsed.creditAccountId !== pending.creditAccountId)
    return 'pending_transfer_has_different_credit_account_id';
  if (parsed.currency !== null && parsed.currency !== pending.currency)
    return 'pending_transfer_has_different_currency';
  if (parsed.code !== null && parsed.code !== pending.code)
    return 'pending_transfer_has_different_code';
  const voiding = parsed.flags.voidPending;
  if (!voiding && parsed.amountMinor !== null && parsed.amountMinor > pending.amountMinor)
    return 'exceeds_pending_transfer_amount';
  if (
    voiding &&
    parsed.amountMinor !== null &&
    parsed.amountMinor !== 0n &&
    parsed.amountMinor !== pending.amountMinor
  ) {
    return 'pending_transfer_has_different_amount';
  }
  const resolved = resolvedPendingFault(pending, now);
  if (resolved !== null) return resolved;

  const debit = scope.account(pending.debitAccountId);
  const credit = scope.account(pending.creditAccountId);
  assert(
    debit !== undefined && credit !== undefined,
    'the accounts of a pending transfer are loaded (pendingAccountIds)',
  );
  // A void also succeeds on closed accounts: it is how a closing transfer is undone.
  if (!voiding && debit.status === 'closed') return 'debit_account_already_closed';
  if (!voiding && credit.status === 'closed') return 'credit_account_already_closed';

  const posted = voiding ? 0n : (parsed.amountMinor ?? pending.amountMinor);
  const kind = voiding ? 'pending_released' : 'pending_posted';
  const movements: Movement[] = [
    {
      account: debit,
      side: 'debit',
      kind,
      amountMinor: voiding ? pending.amountMinor : posted,
      delta: resolveDelta('debit', pending.amountMinor, posted),
      status: voiding && pending.flags.closingDebit ? 'open' : null,
    },
    {
      account: credit,
      side: 'credit',
      kind,
      amountMinor: voiding ? pending.amountMinor : posted,
      delta: resolveDelta('credit', pending.amountMinor, posted),
      status: voiding && pending.flags.closingCredit ? 'open' : null,
    },
  ];
  assert(movementFault(movements) === null, 'resolving a hold never breaks a limit');

  const transfer: Transfer = {
    id: parsed.id,
    debitAccountId: pending.debitAccountId,
    creditAccountId: pending.creditAccountId,
    amountMinor: voiding ? pending.amountMinor : posted,
    currency: pending.currency,
    code: parsed.code ?? pending.code,
    metadata: parsed.metadata ?? pending.metadata,
    flags: parsed.flags,
    ...resolutionLifecycle(pending.id, parsed.effectiveAt, now, timestamp),
  };
  scope.updateTransfer({ ...pending, pendingStatus: voiding ? 'voided' : 'posted' });
  scope.createTransfer(transfer);
  return createdResult(transfer, applyMovements(scope, movements, movementStamp(transfer)));
}

/** Idempotency: an existing record with this id, or a burned id (TigerBeetle's group 3). */
function checkExisting(
  scope: LedgerOverlay,
  shape: TransferShape,
): TransferResult | TransferFailureStatus | null {
  if (scope.journal(shape.id) !== undefined) return 'exists_with_different_kind';
  const stored = scope.transfer(shape.id);
  if (stored !== undefined) {
    const status = compareTransfer(shape, stored, scope);
    return status === 'exists' ? existsResult(scope, stored) : status;
  }
  if (scope.failedId(shape.id) !== undefined) return 'id_already_failed';
  return null;
}

// The transfer kind's steps, run by the shared pipeline.
const TRANSFER_STEPS = {
  checkShape: checkTransferShape,
  checkExisting,
  validate: validateTransfer,
  resolve: resolvePendingTransfer,
  create: createTransfer,
};

/**
 * Executes one transfer event against a scope, checking in `TRANSFER_STATUS_PRECEDENCE` order:
 * shape, idempotency, validation, lookups, pending resolution, closed accounts, arithmetic and
 * limits. Writes to the scope only on success; burning ids is left to the caller.
 */
export function executeTransferEvent(
  scope: LedgerOverlay,
  input: unknown,
  timestamp: bigint,
  now: Date,
): TransferResult {
  return executeEventOfKind(TRANSFER_STEPS, scope, input, timestamp, now);
}
