import { describe, expect, it } from 'vitest';
import type { TransferInput } from '../../src/model/ledger-input.js';
import {
  accId,
  accountInput,
  balances,
  LedgerHarness,
  NOW,
  transferInput,
  trfId,
} from './ledger-fixture.js';

function setup(): LedgerHarness {
  const harness = new LedgerHarness();
  harness.createAccounts(
    accountInput(0, { type: 'asset', name: 'bank' }),
    accountInput(1, { flags: { debitsMustNotExceedCredits: true } }),
    accountInput(2),
  );
  harness.transfers(transferInput(9001, 0, 1, 100n));
  return harness;
}

const hold = (n: number, amountMinor: bigint, overrides: Partial<TransferInput> = {}) =>
  transferInput(n, 1, 2, amountMinor, { flags: { pending: true }, ...overrides });
const post = (n: number, pending: number, amountMinor?: bigint): TransferInput => ({
  id: trfId(n),
  pendingId: trfId(pending),
  flags: { postPending: true },
  ...(amountMinor === undefined ? {} : { amountMinor }),
});
const voidOf = (n: number, pending: number): TransferInput => ({
  id: trfId(n),
  pendingId: trfId(pending),
  flags: { voidPending: true },
});
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

describe('pending transfers', () => {
  it('hold pending balances, and pending debits count against the limit (credits do not)', () => {
    const harness = setup();
    expect(harness.statuses(hold(1, 60n))).toEqual(['created']);
    expect(harness.balances(1)).toEqual(balances(60n, 0n, 0n, 100n));
    expect(harness.balances(2)).toEqual(balances(0n, 0n, 60n, 0n));
    expect(harness.statuses(hold(2, 41n), transferInput(3, 1, 2, 41n))).toEqual([
      'exceeds_credits',
      'exceeds_credits',
    ]);
    expect(harness.statuses(hold(4, 40n))).toEqual(['created']);
  });

  it('a partial post posts that much and releases the rest; the record inherits the pending', () => {
    const harness = setup();
    harness.transfers(hold(1, 60n, { code: 42, metadata: { order: 'A' } }));
    const [result] = harness.transfers(post(2, 1, 25n));
    expect(result?.status).toBe('created');
    expect(result?.transfer).toMatchObject({
      debitAccountId: accId(1),
      creditAccountId: accId(2),
      amountMinor: 25n,
      currency: 'USD',
      code: 42,
      metadata: { order: 'A' },
      pendingId: trfId(1),
      pendingStatus: 'none',
    });
    expect(harness.balances(1)).toEqual(balances(0n, 25n, 0n, 100n));
    expect(harness.balances(2)).toEqual(balances(0n, 0n, 0n, 25n));
    expect(result?.debitAccount).toEqual(harness.balances(1));
    expect(harness.state.transfer(trfId(1))?.pendingStatus).toBe('posted');
    expect(harness.lastChanges?.updatedTransfers.map((transfer) => transfer.id)).toEqual([
      trfId(1),
    ]);
    expect(harness.lastChanges?.entries.map((entry) => [entry.kind, entry.amountMinor])).toEqual([
      ['pending_posted', 25n],
      ['pending_posted', 25n],
    ]);
  });

  it('a post without an amount posts it all; a post of 0 releases it all', () => {
    const harness = setup();
    harness.transfers(hold(1, 60n), hold(2, 30n));
    harness.transfers(post(3, 1), post(4, 2, 0n));
    expect(harness.balances(1)).toEqual(balances(0n, 60n, 0n, 100n));
    expect(harness.state.transfer(trfId(4))?.amountMinor).toBe(0n);
  });

  it('a void releases the hold and is recorded with the released amount', () => {
    const harness = setup();
    harness.transfers(hold(1, 60n));
    const [result] = harness.transfers(voidOf(2, 1));
    expect(result?.transfer?.amountMinor).toBe(60n);
    expect(harness.balances(1)).toEqual(balances(0n, 0n, 0n, 100n));
    expect(harness.state.transfer(trfId(1))?.pendingStatus).toBe('voided');
    expect(harness.lastChanges?.entries.map((entry) => entry.kind)).toEqual([
      'pending_released',
      'pending_released',
    ]);
  });

  it('resolves at most once, also within one batch', () => {
    const harness = setup();
    harness.transfers(hold(1, 60n), hold(2, 10n));
    expect(harness.statuses(post(3, 1, 10n), post(4, 1, 10n), voidOf(5, 1))).toEqual([
      'created',
      'pending_transfer_already_posted',
      'pending_transfer_already_posted',
    ]);
    expect(harness.statuses(voidOf(6, 2), post(7, 2))).toEqual([
      'created',
      'pending_transfer_already_voided',
    ]);
    expect(harness.balances(1)).toEqual(balances(0n, 10n, 0n, 100n));
  });

  it('a pending created and posted in the same batch is written once, in its final state', () => {
    const harness = setup();
    harness.transfers(hold(1, 60n), post(2, 1));
    const created = harness.lastChanges?.transfers ?? [];
    expect(created.map((transfer) => [transfer.id, transfer.pendingStatus])).toEqual([
      [trfId(1), 'posted'],
      [trfId(2), 'none'],
    ]);
    expect(harness.lastChanges?.updatedTransfers).toEqual([]);
  });
});

describe('expiry', () => {
  it('is exact: one millisecond before expiresAt a post or void still succeeds', () => {
    const harness = setup();
    harness.transfers(hold(1, 10n, { timeoutMs: 5000 }), hold(2, 10n, { timeoutMs: 5000 }));
    expect(harness.state.transfer(trfId(1))?.expiresAt).toEqual(at(5000));
    harness.now = at(4999);
    expect(harness.statuses(post(3, 1), voidOf(4, 2))).toEqual(['created', 'created']);
  });

  it('fails a post or void at expiresAt even before the sweep; the sweep then releases', () => {
    const harness = setup();
    harness.transfers(hold(1, 10n, { timeoutMs: 5000 }));
    harness.now = at(5000);
    expect(harness.statuses(post(2, 1), voidOf(3, 1))).toEqual([
      'pending_transfer_expired',
      'pending_transfer_expired',
    ]);
    expect(harness.balances(1).debitsPending).toBe(10n);
    expect(harness.expire([trfId(1)]).map((result) => result.status)).toEqual(['expired']);
    expect(harness.balances(1)).toEqual(balances(0n, 0n, 0n, 100n));
    expect(harness.balances(2)).toEqual(balances(0n, 0n, 0n, 0n));
    expect(harness.state.transfer(trfId(1))?.pendingStatus).toBe('expired');
    expect(harness.lastChanges?.entries.map((entry) => [entry.kind, entry.effectiveAt])).toEqual([
      ['expired', at(5000)],
      ['expired', at(5000)],
    ]);
    expect(harness.statuses(post(4, 1))).toEqual(['pending_transfer_expired']);
  });

  it('skips what is not due, not pending or unknown, and is idempotent', () => {
    const harness = setup();
    harness.transfers(
      hold(1, 10n, { timeoutMs: 1000 }),
      hold(2, 10n),
      hold(3, 10n, { timeoutMs: 9000 }),
      transferInput(4, 1, 2, 1n),
    );
    harness.now = at(1000);
    const first = harness.expire([trfId(1), trfId(2), trfId(3), trfId(4), trfId(99), trfId(1)]);
    expect(first.map((result) => result.status)).toEqual([
      'expired',
      'not_due',
      'not_due',
      'not_pending',
      'not_found',
      'not_pending',
    ]);
    const second = harness.expire([trfId(1)]);
    expect(second.map((result) => result.status)).toEqual(['not_pending']);
    expect(harness.lastChanges?.entries).toEqual([]);
  });

  it('releases in (expiresAt, timestamp) order whatever order the ids come in', () => {
    const harness = setup();
    harness.transfers(hold(1, 10n, { timeoutMs: 3000 }), hold(2, 10n, { timeoutMs: 1000 }));
    harness.now = at(500);
    harness.transfers(hold(3, 10n, { timeoutMs: 500 }));
    harness.now = at(5000);
    const results = harness.expire([trfId(1), trfId(2), trfId(3)]);
    const stamp = (id: string) => results.find((result) => result.id === id)?.timestamp ?? 0n;
    // 2 and 3 both expire at +1000; 2 was created first.
    expect(stamp(trfId(2))).toBeLessThan(stamp(trfId(3)));
    expect(stamp(trfId(3))).toBeLessThan(stamp(trfId(1)));
    const sequences = (harness.lastChanges?.entries ?? [])
      .filter((entry) => entry.accountId === accId(1))
      .map((entry) => [entry.transferId, entry.sequence]);
    expect(sequences.map(([id]) => id)).toEqual([trfId(2), trfId(3), trfId(1)]);
  });
});
