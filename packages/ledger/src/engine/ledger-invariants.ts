import { assert } from '@strongroom/kernel';
import { accountInvariantViolations } from './balance-arithmetic.js';
import type { LedgerChanges } from './ledger-changes.js';
import type { LedgerOverlay } from './ledger-overlay.js';
import type { LedgerStateReader } from './ledger-state.js';

/** Collects the change set of an execution from its root scope. */
export function changesOf(root: LedgerOverlay): LedgerChanges {
  const transfers = root.writtenTransfers();
  const journals = root.writtenJournals();
  return {
    accounts: new Map(root.writtenAccounts()),
    transfers: transfers.created,
    updatedTransfers: transfers.updated,
    journals: journals.created,
    updatedJournals: journals.updated,
    failedIds: root.burnedIds(),
    entries: [...root.entries()],
  };
}

/**
 * Asserts what every execution must preserve, against the state it started from: per currency
 * Σ debits = Σ credits of the changes (pending and posted separately); no account beyond a limit
 * flag, floor, ceiling or the amount bound; statement sequences gap-free per account. A failure
 * is a bug in the engine (or a state that was already broken), never a caller's fault.
 */
export function assertChangeInvariants(base: LedgerStateReader, changes: LedgerChanges): void {
  const pendingNet = new Map<string, bigint>();
  const postedNet = new Map<string, bigint>();
  for (const [id, account] of changes.accounts) {
    const violations = accountInvariantViolations(account);
    assert(violations.length === 0, `account invariant broken: ${violations.join(', ')}`);
    const before = base.account(id);
    assert(before !== undefined, 'an execution changes only existing accounts');
    assert(before.currency === account.currency, 'an account keeps its currency');
    const b = before.balances;
    const a = account.balances;
    const pending = a.debitsPending - b.debitsPending - (a.creditsPending - b.creditsPending);
    const posted = a.debitsPosted - b.debitsPosted - (a.creditsPosted - b.creditsPosted);
    pendingNet.set(account.currency, (pendingNet.get(account.currency) ?? 0n) + pending);
    postedNet.set(account.currency, (postedNet.get(account.currency) ?? 0n) + posted);
  }
  for (const [currency, net] of pendingNet)
    assert(net === 0n, `pending debits and credits differ in ${currency}`);
  for (const [currency, net] of postedNet)
    assert(net === 0n, `posted debits and credits differ in ${currency}`);

  const nextSequence = new Map<string, number>();
  for (const entry of changes.entries) {
    const expected =
      nextSequence.get(entry.accountId) ?? (base.account(entry.accountId)?.entryCount ?? 0) + 1;
    assert(entry.sequence === expected, 'statement sequences are gap-free per account');
    nextSequence.set(entry.accountId, expected + 1);
  }
  for (const [id, next] of nextSequence) {
    assert(changes.accounts.get(id)?.entryCount === next - 1, 'entry count matches the entries');
  }
}
