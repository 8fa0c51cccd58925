import { describe, expect, it } from 'vitest';
import { journalEvent, transferEvent } from '../../src/engine/ledger-event.js';
import type { JournalInput, TransferInput } from '../../src/model/ledger-input.js';
import { accId, accountInput, LedgerHarness, transferInput, trfId } from './ledger-fixture.js';

function setup(): LedgerHarness {
  const harness = new LedgerHarness();
  harness.createAccounts(
    accountInput(0, { type: 'asset', name: 'bank' }),
    accountInput(1, { flags: { debitsMustNotExceedCredits: true } }),
    accountInput(2),
    accountInput(3),
  );
  harness.transfers(transferInput(9001, 0, 1, 500n));
  return harness;
}

const post = (
  n: number,
  pending: number,
  overrides: Partial<TransferInput> = {},
): TransferInput => ({
  id: trfId(n),
  pendingId: trfId(pending),
  flags: { postPending: true },
  ...overrides,
});
const voidOf = (
  n: number,
  pending: number,
  overrides: Partial<TransferInput> = {},
): TransferInput => ({
  id: trfId(n),
  pendingId: trfId(pending),
  flags: { voidPending: true },
  ...overrides,
});

describe('idempotency of single-phase transfers', () => {
  it('a retry with the same content is `exists` with the original stamp and record', () => {
    const harness = setup();
    const [created] = harness.transfers(
      transferInput(1, 1, 2, 10n, { metadata: { a: 1, b: [2] } }),
    );
    const [retried] = harness.transfers(
      transferInput(1, 1, 2, 10n, { metadata: { b: [2], a: 1 } }),
    );
    expect(retried?.status).toBe('exists');
    expect(retried?.timestamp).toBe(created?.timestamp);
    expect(retried?.transfer).toEqual(created?.transfer);
    // No second application: the balance moved once, and the retry wrote nothing.
    expect(harness.balances(2).creditsPosted).toBe(10n);
    expect(harness.lastChanges?.entries).toEqual([]);
    expect(retried?.creditAccount?.creditsPosted).toBe(10n);
  });

  it('reports the first differing field in TigerBeetle order', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 1, 2, 10n, { code: 7, metadata: { k: 'v' } }));
    const cases: [Partial<TransferInput>, string][] = [
      [{ flags: { balancingCredit: true } }, 'exists_with_different_flags'],
      [{ pendingId: trfId(5) }, 'exists_with_different_pending_id'],
      [{ timeoutMs: 5 }, 'exists_with_different_timeout'],
      [
        { debitAccountId: accId(3), creditAccountId: accId(3) },
        'exists_with_different_debit_account_id',
      ],
      [{ creditAccountId: accId(3), amountMinor: 1n }, 'exists_with_different_credit_account_id'],
      [{ amountMinor: 1n, metadata: {} }, 'exists_with_different_amount'],
      [{ metadata: {}, currency: 'EUR' }, 'exists_with_different_metadata'],
      [{ metadata: undefined }, 'exists_with_different_metadata'],
      [{ currency: 'EUR', code: 8 }, 'exists_with_different_currency'],
      [{ code: 8 }, 'exists_with_different_code'],
      [{ effectiveAt: new Date(0) }, 'exists_with_different_effective_at'],
    ];
    for (const [overrides, status] of cases) {
      const [result] = harness.transfers(
        transferInput(1, 1, 2, 10n, { code: 7, metadata: { k: 'v' }, ...overrides }),
      );
      expect({ overrides, status: result?.status }).toEqual({ overrides, status });
    }
  });

  it('an explicit effective time must match, an omitted one means "as before"', () => {
    const harness = setup();
    const effectiveAt = new Date('2026-01-01T00:00:00Z');
    harness.transfers(transferInput(1, 1, 2, 10n, { effectiveAt }));
    expect(harness.statuses(transferInput(1, 1, 2, 10n))).toEqual(['exists']);
    expect(
      harness.statuses(transferInput(1, 1, 2, 10n, { effectiveAt: new Date(effectiveAt) })),
    ).toEqual(['exists']);
  });

  it('a duplicate within one batch is `exists`', () => {
    const harness = setup();
    expect(harness.statuses(transferInput(1, 1, 2, 10n), transferInput(1, 1, 2, 10n))).toEqual([
      'created',
      'exists',
    ]);
    expect(harness.balances(2).creditsPosted).toBe(10n);
  });

  it('a transient failure burns the id: even once funds arrive, the retry cannot succeed', () => {
    const harness = setup();
    expect(harness.statuses(transferInput(1, 1, 2, 900n))).toEqual(['exceeds_credits']);
    expect(harness.lastChanges?.failedIds).toMatchObject([
      { id: trfId(1), status: 'exceeds_credits' },
    ]);
    harness.transfers(transferInput(2, 0, 1, 1000n));
    expect(harness.statuses(transferInput(1, 1, 2, 900n))).toEqual(['id_already_failed']);
    expect(harness.statuses(transferInput(3, 1, 2, 900n))).toEqual(['created']);
  });

  it('a burned id stays burned within the batch too', () => {
    const harness = setup();
    expect(harness.statuses(transferInput(1, 1, 99, 1n), transferInput(1, 1, 2, 1n))).toEqual([
      'credit_account_not_found',
      'id_already_failed',
    ]);
  });
});

describe('idempotency of posts, voids and balancing transfers', () => {
  it('post retries compare omitted fields with the inherited ones', () => {
    const harness = setup();
    harness.transfers(
      transferInput(1, 1, 2, 100n, { flags: { pending: true }, metadata: { order: 'A' } }),
    );
    harness.transfers(post(2, 1, { amountMinor: 40n }));
    expect(harness.statuses(post(2, 1, { amountMinor: 40n }))).toEqual(['exists']);
    expect(
      harness.statuses(
        post(2, 1, {
          amountMinor: 40n,
          debitAccountId: accId(1),
          creditAccountId: accId(2),
          currency: 'USD',
          code: 1,
          metadata: { order: 'A' },
        }),
      ),
    ).toEqual(['exists']);
    // Omitting the amount means "the full amount", which is not what was posted.
    expect(harness.statuses(post(2, 1))).toEqual(['exists_with_different_amount']);
    expect(harness.statuses(post(2, 1, { amountMinor: 40n, metadata: { order: 'B' } }))).toEqual([
      'exists_with_different_metadata',
    ]);
    expect(harness.statuses(post(2, 1, { amountMinor: 40n, debitAccountId: accId(3) }))).toEqual([
      'exists_with_different_debit_account_id',
    ]);
  });

  it('a full post retried without an amount is `exists`', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 1, 2, 100n, { flags: { pending: true } }));
    harness.transfers(post(2, 1));
    expect(harness.statuses(post(2, 1))).toEqual(['exists']);
    expect(harness.statuses(post(2, 1, { amountMinor: 100n }))).toEqual(['exists']);
  });

  it('void retries accept an omitted amount, 0 or the pending amount', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 1, 2, 100n, { flags: { pending: true } }));
    expect(harness.statuses(voidOf(2, 1))).toEqual(['created']);
    expect(
      harness.statuses(
        voidOf(2, 1),
        voidOf(2, 1, { amountMinor: 0n }),
        voidOf(2, 1, { amountMinor: 100n }),
      ),
    ).toEqual(['exists', 'exists', 'exists']);
    expect(harness.statuses(voidOf(2, 1, { amountMinor: 3n }))).toEqual([
      'exists_with_different_amount',
    ]);
  });

  it('a balancing retry is `exists` when its upper bound covers the clamped amount', () => {
    const harness = setup();
    const balancing = (amountMinor: bigint) =>
      transferInput(1, 1, 2, amountMinor, { flags: { balancingDebit: true } });
    const [created] = harness.transfers(balancing(1000n));
    expect(created?.transfer?.amountMinor).toBe(500n);
    expect(harness.statuses(balancing(1000n), balancing(500n))).toEqual(['exists', 'exists']);
    expect(harness.statuses(balancing(499n))).toEqual(['exists_with_different_amount']);
  });
});

describe('idempotency of journal entries', () => {
  const entry = (overrides: Partial<JournalInput> = {}): JournalInput => ({
    id: trfId(1),
    postings: [
      { accountId: accId(1), side: 'debit', amountMinor: 30n },
      { accountId: accId(2), side: 'credit', amountMinor: 20n },
      { accountId: accId(3), side: 'credit', amountMinor: 10n },
    ],
    code: 4,
    ...overrides,
  });

  it('compares postings as a multiset and the rest in order', () => {
    const harness = setup();
    harness.run([journalEvent(entry())]);
    const status = (overrides: Partial<JournalInput>) =>
      harness.run([journalEvent(entry(overrides))])[0]?.status;
    expect(
      status({
        postings: [
          { accountId: accId(3), side: 'credit', amountMinor: 10n },
          { accountId: accId(1), side: 'debit', amountMinor: 30n },
          { accountId: accId(2), side: 'credit', amountMinor: 20n },
        ],
      }),
    ).toBe('exists');
    expect(status({ flags: { pending: true } })).toBe('exists_with_different_flags');
    expect(
      status({
        postings: [
          { accountId: accId(1), side: 'debit', amountMinor: 30n },
          { accountId: accId(2), side: 'credit', amountMinor: 30n },
        ],
      }),
    ).toBe('exists_with_different_postings');
    expect(status({ metadata: { x: 1 } })).toBe('exists_with_different_metadata');
    expect(status({ code: 5 })).toBe('exists_with_different_code');
    expect(harness.balances(2).creditsPosted).toBe(20n);
  });

  it('a transfer id and a journal id share one space', () => {
    const harness = setup();
    harness.run([transferEvent(transferInput(1, 1, 2, 5n))]);
    expect(harness.run([journalEvent(entry())])[0]?.status).toBe('exists_with_different_kind');
  });
});
