import type { ExportEntryLine } from '@strongroom/audit';
import { exportLog } from '@strongroom/audit';
import {
  formatMoney,
  moneyFromMinorUnits,
  ok,
  parseCurrency,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import type { Balances, TransferInput } from '@strongroom/ledger';
import type { Strongroom } from '@strongroom/sdk';

/** What the money part of the story ends with. */
export interface MoneyStoryOutcome {
  readonly balances: Readonly<Record<string, string>>;
  readonly refusal: string;
  readonly retry: string;
  /** The audit leaf of the 12.30 USD transfer's command, found in the exported log. */
  readonly transferLeafId: string;
}

const USD = unwrapOrThrow(parseCurrency('USD'));

/** A wallet's balance as text: a liability of the platform, so credits minus debits. */
export function walletBalance(balances: Balances): string {
  const minor = balances.creditsPosted - balances.debitsPosted;
  return `${formatMoney(unwrapOrThrow(moneyFromMinorUnits(minor, USD)))} ${USD}`;
}

/**
 * The ledger part of the quickstart: open a cash account and two wallets that can never go
 * negative, fund them, move 12.30 USD from Alice to Bob with its audit leaf and outbox event in
 * the same commit, see an overdraft refused with TigerBeetle's `exceeds_credits`, and a retry of
 * the transfer answered `exists` instead of moving the money twice.
 */
export async function runMoneyStory(
  strongroom: Strongroom,
  tenantId: TenantId,
  print: (line: string) => void,
): Promise<MoneyStoryOutcome> {
  const { ledger, ids } = strongroom;
  const cash = ids.next('acc');
  const alice = ids.next('acc');
  const bob = ids.next('acc');
  const wallet = { currency: 'USD', code: 2, type: 'liability' as const };
  const guarded = { debitsMustNotExceedCredits: true };
  unwrapOrThrow(
    await ledger.createAccounts(tenantId, [
      { id: cash, currency: 'USD', code: 1, name: 'Cash at bank', type: 'asset' },
      { id: alice, name: 'Alice wallet', flags: guarded, ...wallet },
      { id: bob, name: 'Bob wallet', flags: guarded, ...wallet },
    ]),
  );
  const move = (id: string, from: string, to: string, amountMinor: bigint): TransferInput => ({
    id,
    debitAccountId: from,
    creditAccountId: to,
    amountMinor,
    currency: 'USD',
    code: 1,
  });
  const funding = unwrapOrThrow(
    await ledger.createTransfers(tenantId, [
      { kind: 'transfer', transfer: move(ids.next('trf'), cash, alice, 100_00n) },
      { kind: 'transfer', transfer: move(ids.next('trf'), cash, bob, 5_00n) },
    ]),
  );
  print(`funded two wallets: ${funding.map((result) => result.status).join(', ')}`);

  const payment = move(ids.next('trf'), alice, bob, 12_30n);
  const paid = unwrapOrThrow(
    await ledger.createTransfer(tenantId, { kind: 'transfer', transfer: payment }),
  );
  const [aliceAfter, bobAfter] = unwrapOrThrow(await ledger.lookupAccounts(tenantId, [alice, bob]));
  const balances = {
    alice: walletBalance(aliceAfter?.balances ?? unreachable()),
    bob: walletBalance(bobAfter?.balances ?? unreachable()),
  };
  print(`transfer 12.30 USD: ${paid.status}; alice ${balances.alice}, bob ${balances.bob}`);

  const overdraft = unwrapOrThrow(
    await ledger.createTransfer(tenantId, {
      kind: 'transfer',
      transfer: move(ids.next('trf'), bob, alice, 1000_00n),
    }),
  );
  print(`transfer 1000.00 USD from bob: refused with ${overdraft.status}`);
  const retried = unwrapOrThrow(
    await ledger.createTransfer(tenantId, { kind: 'transfer', transfer: payment }),
  );
  print(`the 12.30 USD transfer sent again: ${retried.status} (moved once)`);

  return {
    balances,
    refusal: overdraft.status,
    retry: retried.status,
    transferLeafId: await commandLeafOf(strongroom, tenantId, payment.id),
  };
}

function unreachable(): never {
  throw new Error('an account the story created is missing');
}

// An auditor's view: find the leaf of the command that created the transfer in the exported log
// (the outbox event of the transfer names that command as its causation).
async function commandLeafOf(
  strongroom: Strongroom,
  tenantId: TenantId,
  transferId: string,
): Promise<string> {
  const events = unwrapOrThrow(
    await strongroom.storage.transaction(tenantId, async (tx) =>
      ok(await tx.outbox.list({ limit: 100 })),
    ),
  );
  const created = events.items.find((event) => event.payload['transferId'] === transferId);
  const commandId = created?.causationId;
  unwrapOrThrow(await strongroom.audit.integrate(tenantId));
  for await (const line of exportLog(strongroom.storage, tenantId)) {
    // The header is an object; every entry line is `[index, entry]`.
    const parsed: unknown = JSON.parse(line);
    if (!Array.isArray(parsed)) continue;
    const [, entry] = parsed as unknown as ExportEntryLine;
    if (entry.resource.id === commandId) return entry.id;
  }
  throw new Error('the transfer command has no audit leaf');
}
