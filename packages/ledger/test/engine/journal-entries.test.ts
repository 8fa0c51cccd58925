import { describe, expect, it } from 'vitest';
import { journalEvent } from '../../src/engine/ledger-event.js';
import type { TransferResult } from '../../src/engine/transfer-result.js';
import type { JournalInput, PostingInput } from '../../src/model/ledger-input.js';
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
    accountInput(2, { name: 'merchant' }),
    accountInput(3, { type: 'revenue', name: 'fees' }),
    accountInput(4, { currency: 'EUR', flags: { debitsMustNotExceedCredits: true } }),
    accountInput(5, { currency: 'EUR', type: 'asset', name: 'fx eur' }),
    accountInput(6, { type: 'asset', name: 'fx usd' }),
  );
  harness.transfers(transferInput(9001, 0, 1, 100n));
  return harness;
}

const leg = (account: number, side: 'debit' | 'credit', amountMinor: bigint): PostingInput => ({
  accountId: accId(account),
  side,
  amountMinor,
});

function run(harness: LedgerHarness, input: JournalInput): TransferResult {
  const [result] = harness.run([journalEvent(input)]);
  if (result === undefined) throw new Error('no result');
  return result;
}

const capture = (n: number, overrides: Partial<JournalInput> = {}): JournalInput => ({
  id: trfId(n),
  postings: [leg(1, 'debit', 100n), leg(2, 'credit', 97n), leg(3, 'credit', 3n)],
  code: 10,
  ...overrides,
});

describe('journal entries', () => {
  it('commit n legs with one id, one statement line and balances per account', () => {
    const harness = setup();
    const result = run(harness, capture(1));
    expect(result.status).toBe('created');
    expect(result.journal?.postings).toHaveLength(3);
    expect(result.accounts.map((entry) => entry.accountId)).toEqual([accId(1), accId(2), accId(3)]);
    expect(harness.balances(2)).toEqual(balances(0n, 0n, 0n, 97n));
    expect(harness.balances(3)).toEqual(balances(0n, 0n, 0n, 3n));
    expect(harness.lastChanges?.entries.map((entry) => [entry.accountId, entry.sequence])).toEqual([
      [accId(1), 2],
      [accId(2), 1],
      [accId(3), 1],
    ]);
  });

  it('balance per currency; equal totals across two currencies are refused', () => {
    const harness = setup();
    harness.transfers(transferInput(2, 5, 4, 500n, { currency: 'EUR' }));
    expect(
      run(harness, {
        id: trfId(3),
        postings: [leg(1, 'debit', 10n), leg(4, 'credit', 10n)],
        code: 1,
      }).status,
    ).toBe('postings_must_balance');
    // A conversion as one entry: USD 10.00 -> EUR 9.20 through both FX accounts.
    const conversion = run(harness, {
      id: trfId(4),
      postings: [
        leg(1, 'debit', 10n),
        leg(6, 'credit', 10n),
        leg(5, 'debit', 9n),
        leg(4, 'credit', 9n),
      ],
      code: 1,
    });
    expect(conversion.status).toBe('created');
  });

  it('are atomic: one leg over its limit fails the whole entry', () => {
    const harness = setup();
    const result = run(
      harness,
      capture(1, {
        postings: [leg(1, 'debit', 101n), leg(2, 'credit', 98n), leg(3, 'credit', 3n)],
      }),
    );
    expect(result.status).toBe('exceeds_credits');
    expect(harness.balances(2)).toEqual(balances(0n, 0n, 0n, 0n));
    expect(harness.lastChanges?.failedIds.map((failed) => failed.id)).toEqual([trfId(1)]);
  });

  it('report missing debit accounts before missing credit accounts, whatever the leg order', () => {
    const harness = setup();
    expect(
      run(harness, {
        id: trfId(1),
        postings: [leg(98, 'credit', 1n), leg(99, 'debit', 1n)],
        code: 1,
      }).status,
    ).toBe('debit_account_not_found');
  });

  it('are held, posted and voided as a whole', () => {
    const harness = setup();
    expect(run(harness, capture(1, { flags: { pending: true }, timeoutMs: 60_000 })).status).toBe(
      'created',
    );
    expect(harness.balances(1)).toEqual(balances(100n, 0n, 0n, 100n));
    expect(harness.balances(3)).toEqual(balances(0n, 0n, 3n, 0n));
    const posted = run(harness, {
      id: trfId(2),
      pendingId: trfId(1),
      flags: { postPending: true },
    });
    expect(posted.status).toBe('created');
    expect(posted.journal?.postings).toEqual(harness.state.journal(trfId(1))?.postings);
    expect(harness.balances(1)).toEqual(balances(0n, 100n, 0n, 100n));
    expect(harness.balances(3)).toEqual(balances(0n, 0n, 0n, 3n));
    expect(harness.state.journal(trfId(1))?.pendingStatus).toBe('posted');
    expect(
      run(harness, { id: trfId(3), pendingId: trfId(1), flags: { voidPending: true } }).status,
    ).toBe('pending_transfer_already_posted');

    harness.transfers(transferInput(9, 0, 1, 100n));
    run(harness, capture(4, { flags: { pending: true } }));
    const voided = run(harness, {
      id: trfId(5),
      pendingId: trfId(4),
      flags: { voidPending: true },
      postings: [leg(3, 'credit', 3n), leg(1, 'debit', 100n), leg(2, 'credit', 97n)],
    });
    expect(voided.status).toBe('created');
    expect(harness.balances(1)).toEqual(balances(0n, 100n, 0n, 200n));
  });

  it('expire as a whole', () => {
    const harness = setup();
    run(harness, capture(1, { flags: { pending: true }, timeoutMs: 1000 }));
    harness.now = new Date(NOW.getTime() + 1000);
    expect(
      run(harness, { id: trfId(2), pendingId: trfId(1), flags: { postPending: true } }).status,
    ).toBe('pending_transfer_expired');
    expect(harness.expire([trfId(1)]).map((result) => result.status)).toEqual(['expired']);
    expect(harness.balances(1)).toEqual(balances(0n, 0n, 0n, 100n));
    expect(harness.state.journal(trfId(1))?.pendingStatus).toBe('expired');
    expect(harness.lastChanges?.entries).toHaveLength(3);
  });

  it('refuse balancing and closing flags, which belong to two-account transfers', () => {
    const harness = setup();
    expect(run(harness, capture(1, { flags: { balancingDebit: true } as never })).status).toBe(
      'reserved_flag',
    );
  });
});
