import { MONEY_MAX_MINOR_UNITS } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { journalEvent } from '../../src/engine/ledger-event.js';
import type { TransferResult } from '../../src/engine/transfer-result.js';
import type { Balances } from '../../src/model/balances.js';
import type { JournalInput, TransferInput } from '../../src/model/ledger-input.js';
import {
  TRANSFER_STATUS_PRECEDENCE,
  TRANSIENT_TRANSFER_STATUSES,
  type TransferStatus,
} from '../../src/model/transfer-status.js';
import { accId, accountInput, LedgerHarness, NOW, transferInput, trfId } from './ledger-fixture.js';

const MAX = MONEY_MAX_MINOR_UNITS;

/**
 * Accounts: 0 bank (USD asset), 1 and 2 USD wallets, 3 wallet with debitsMustNotExceedCredits,
 * 4 wallet with creditsMustNotExceedDebits, 5 EUR wallet, 6 wallet with floor -100, 7 wallet with
 * ceiling 100. Wallets 1 and 2 hold 1000.
 */
function setup(): LedgerHarness {
  const harness = new LedgerHarness();
  harness.createAccounts(
    accountInput(0, { type: 'asset', name: 'bank' }),
    accountInput(1),
    accountInput(2),
    accountInput(3, { flags: { debitsMustNotExceedCredits: true } }),
    accountInput(4, { flags: { creditsMustNotExceedDebits: true } }),
    accountInput(5, { currency: 'EUR' }),
    accountInput(6, { limits: { floorMinor: -100n } }),
    accountInput(7, { limits: { ceilingMinor: 100n } }),
  );
  harness.transfers(transferInput(9001, 0, 1, 1000n), transferInput(9002, 0, 2, 1000n));
  return harness;
}

function one(harness: LedgerHarness, input: TransferInput): TransferResult {
  const [result] = harness.transfers(input);
  if (result === undefined) throw new Error('no result');
  return result;
}

function journal(harness: LedgerHarness, input: JournalInput): TransferResult {
  const [result] = harness.run([journalEvent(input)]);
  if (result === undefined) throw new Error('no result');
  return result;
}

function withBalances(harness: LedgerHarness, n: number, balances: Balances): void {
  harness.state.putAccount({ ...harness.accountState(n), balances });
}

const zero: Balances = {
  debitsPending: 0n,
  debitsPosted: 0n,
  creditsPending: 0n,
  creditsPosted: 0n,
};
const base = (n: number, overrides: Partial<TransferInput> = {}) =>
  transferInput(n, 1, 2, 10n, overrides);
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
const twoLegs = (n: number, overrides: Partial<JournalInput> = {}): JournalInput => ({
  id: trfId(n),
  postings: [
    { accountId: accId(1), side: 'debit', amountMinor: 10n },
    { accountId: accId(2), side: 'credit', amountMinor: 10n },
  ],
  code: 1,
  ...overrides,
});

function retry(overrides: Partial<TransferInput>, original: Partial<TransferInput> = {}) {
  return (harness: LedgerHarness): TransferResult => {
    one(harness, base(1, original));
    return one(harness, base(1, { ...original, ...overrides }));
  };
}

function pendingThen(
  then: TransferInput,
  pending: Partial<TransferInput> = {},
): (harness: LedgerHarness) => TransferResult {
  return (harness) => {
    one(harness, base(1, { flags: { pending: true }, ...pending }));
    return one(harness, then);
  };
}

// One focused scenario per code: the result of the last event must carry exactly that code.
const scenarios: Record<TransferStatus, (harness: LedgerHarness) => TransferResult> = {
  created: (h) => one(h, base(1)),
  linked_event_failed: (h) => {
    const [first] = h.transfers(base(1, { flags: { linked: true } }), base(2, { amountMinor: 0n }));
    if (first === undefined) throw new Error('no result');
    return first;
  },
  linked_event_chain_open: (h) => one(h, base(1, { flags: { linked: true } })),
  reserved_flag: (h) => one(h, base(1, { flags: { imported: true } as never })),
  id_must_not_be_zero: (h) => one(h, base(1, { id: '' })),
  id_invalid: (h) => one(h, base(1, { id: accId(1) })),
  exists_with_different_kind: (h) => {
    journal(h, twoLegs(1));
    return one(h, base(1));
  },
  exists_with_different_flags: retry({ flags: { pending: true } }),
  exists_with_different_pending_id: (h) => {
    one(h, base(1, { flags: { pending: true } }));
    one(h, base(2, { flags: { pending: true } }));
    one(h, post(3, 1));
    return one(h, post(3, 2));
  },
  exists_with_different_timeout: retry(
    { timeoutMs: 2000 },
    { flags: { pending: true }, timeoutMs: 1000 },
  ),
  exists_with_different_debit_account_id: retry({ debitAccountId: accId(3) }),
  exists_with_different_credit_account_id: retry({ creditAccountId: accId(3) }),
  exists_with_different_amount: retry({ amountMinor: 11n }),
  exists_with_different_postings: (h) => {
    journal(h, twoLegs(1));
    return journal(
      h,
      twoLegs(1, {
        postings: [
          { accountId: accId(1), side: 'debit', amountMinor: 11n },
          { accountId: accId(2), side: 'credit', amountMinor: 11n },
        ],
      }),
    );
  },
  exists_with_different_metadata: retry({ metadata: { order: 'B' } }, { metadata: { order: 'A' } }),
  exists_with_different_currency: retry({ currency: 'EUR' }),
  exists_with_different_code: retry({ code: 2 }),
  exists_with_different_effective_at: retry({ effectiveAt: new Date(NOW.getTime() - 1000) }),
  exists: retry({}),
  id_already_failed: (h) => {
    one(h, transferInput(1, 3, 2, 10n));
    return one(h, transferInput(1, 3, 2, 10n));
  },
  flags_are_mutually_exclusive: (h) =>
    one(h, base(1, { flags: { pending: true, voidPending: true } })),
  debit_account_id_must_not_be_zero: (h) => one(h, base(1, { debitAccountId: undefined })),
  debit_account_id_invalid: (h) => one(h, base(1, { debitAccountId: trfId(5) })),
  credit_account_id_must_not_be_zero: (h) => one(h, base(1, { creditAccountId: undefined })),
  credit_account_id_invalid: (h) => one(h, base(1, { creditAccountId: 'acc_nope' })),
  too_many_postings: (h) =>
    journal(
      h,
      twoLegs(1, {
        postings: Array.from({ length: 33 }, (_, index) => ({
          accountId: accId(100 + index),
          side: 'debit' as const,
          amountMinor: 1n,
        })),
      }),
    ),
  postings_invalid: (h) => journal(h, twoLegs(1, { postings: 'all of them' as never })),
  too_few_postings: (h) =>
    journal(h, twoLegs(1, { postings: [{ accountId: accId(1), side: 'debit', amountMinor: 1n }] })),
  posting_account_id_invalid: (h) =>
    journal(
      h,
      twoLegs(1, {
        postings: [
          { accountId: accId(1), side: 'debit', amountMinor: 1n },
          { accountId: 'wallet-2', side: 'credit', amountMinor: 1n },
        ],
      }),
    ),
  accounts_must_be_different: (h) => one(h, base(1, { creditAccountId: accId(1) })),
  pending_id_must_be_zero: (h) => one(h, base(1, { pendingId: trfId(7) })),
  pending_id_must_not_be_zero: (h) => one(h, { id: trfId(1), flags: { voidPending: true } }),
  pending_id_invalid: (h) => one(h, post(1, 2, { pendingId: accId(2) })),
  pending_id_must_be_different: (h) => one(h, post(1, 1)),
  timeout_reserved_for_pending_transfer: (h) => one(h, base(1, { timeoutMs: 1000 })),
  timeout_invalid: (h) => one(h, base(1, { flags: { pending: true }, timeoutMs: 0.5 })),
  closing_transfer_must_be_pending: (h) => one(h, base(1, { flags: { closingDebit: true } })),
  amount_invalid: (h) => one(h, base(1, { amountMinor: 10 as never })),
  amount_must_not_be_negative: (h) => one(h, base(1, { amountMinor: -10n })),
  amount_must_be_positive: (h) => one(h, base(1, { amountMinor: 0n })),
  amount_exceeds_maximum: (h) => one(h, base(1, { amountMinor: MAX + 1n })),
  currency_invalid: (h) => one(h, base(1, { currency: 'usd' })),
  code_must_not_be_zero: (h) => one(h, base(1, { code: 0 })),
  code_invalid: (h) => one(h, base(1, { code: 65_536 })),
  metadata_invalid: (h) => one(h, base(1, { metadata: { amount: Number.NaN } })),
  metadata_too_large: (h) => one(h, base(1, { metadata: { note: 'x'.repeat(5000) } })),
  effective_at_invalid: (h) => one(h, base(1, { effectiveAt: new Date('not a date') })),
  effective_at_must_not_be_in_the_future: (h) =>
    one(h, base(1, { effectiveAt: new Date(NOW.getTime() + 1) })),
  debit_account_not_found: (h) => one(h, base(1, { debitAccountId: accId(99) })),
  credit_account_not_found: (h) => one(h, base(1, { creditAccountId: accId(99) })),
  accounts_must_have_the_same_currency: (h) => one(h, base(1, { creditAccountId: accId(5) })),
  transfer_must_have_the_same_currency_as_accounts: (h) => one(h, base(1, { currency: 'EUR' })),
  postings_must_balance: (h) =>
    journal(
      h,
      twoLegs(1, {
        postings: [
          { accountId: accId(1), side: 'debit', amountMinor: 10n },
          { accountId: accId(2), side: 'credit', amountMinor: 9n },
        ],
      }),
    ),
  pending_transfer_not_found: (h) => one(h, post(2, 1)),
  pending_transfer_has_different_kind: (h) => {
    journal(h, twoLegs(1, { flags: { pending: true } }));
    return one(h, post(2, 1));
  },
  pending_transfer_not_pending: (h) => {
    one(h, base(1));
    return one(h, post(2, 1));
  },
  pending_transfer_has_different_debit_account_id: pendingThen(
    post(2, 1, { debitAccountId: accId(3) }),
  ),
  pending_transfer_has_different_credit_account_id: pendingThen(
    post(2, 1, { creditAccountId: accId(3) }),
  ),
  pending_transfer_has_different_postings: (h) => {
    journal(h, twoLegs(1, { flags: { pending: true } }));
    return journal(h, {
      id: trfId(2),
      pendingId: trfId(1),
      flags: { postPending: true },
      postings: [
        { accountId: accId(1), side: 'debit', amountMinor: 5n },
        { accountId: accId(2), side: 'credit', amountMinor: 5n },
      ],
    });
  },
  pending_transfer_has_different_currency: pendingThen(post(2, 1, { currency: 'EUR' })),
  pending_transfer_has_different_code: pendingThen(post(2, 1, { code: 9 })),
  exceeds_pending_transfer_amount: pendingThen(post(2, 1, { amountMinor: 11n })),
  pending_transfer_has_different_amount: pendingThen({
    id: trfId(2),
    pendingId: trfId(1),
    flags: { voidPending: true },
    amountMinor: 5n,
  }),
  pending_transfer_already_posted: (h) => {
    one(h, base(1, { flags: { pending: true } }));
    one(h, post(2, 1));
    return one(h, post(3, 1));
  },
  pending_transfer_already_voided: (h) => {
    one(h, base(1, { flags: { pending: true } }));
    one(h, { id: trfId(2), pendingId: trfId(1), flags: { voidPending: true } });
    return one(h, post(3, 1));
  },
  pending_transfer_expired: (h) => {
    one(h, base(1, { flags: { pending: true }, timeoutMs: 1 }));
    // Exactly at expiresAt, and before any sweep ran.
    h.now = new Date(NOW.getTime() + 1);
    return one(h, post(2, 1));
  },
  debit_account_already_closed: (h) => {
    one(h, base(1, { amountMinor: 0n, flags: { pending: true, closingDebit: true } }));
    return one(h, base(2));
  },
  credit_account_already_closed: (h) => {
    one(h, base(1, { amountMinor: 0n, flags: { pending: true, closingCredit: true } }));
    return one(h, base(2));
  },
  overflows_debits_pending: (h) => {
    withBalances(h, 1, { ...zero, debitsPending: MAX, creditsPosted: MAX });
    return one(h, base(1, { amountMinor: 1n, flags: { pending: true } }));
  },
  overflows_credits_pending: (h) => {
    withBalances(h, 2, { ...zero, creditsPending: MAX });
    return one(h, base(1, { amountMinor: 1n, flags: { pending: true } }));
  },
  overflows_debits_posted: (h) => {
    withBalances(h, 1, { ...zero, debitsPosted: MAX });
    return one(h, base(1, { amountMinor: 1n }));
  },
  overflows_credits_posted: (h) => {
    withBalances(h, 2, { ...zero, creditsPosted: MAX });
    return one(h, base(1, { amountMinor: 1n }));
  },
  overflows_debits: (h) => {
    withBalances(h, 1, { ...zero, debitsPending: 1n, debitsPosted: MAX - 1n });
    return one(h, base(1, { amountMinor: 1n }));
  },
  overflows_credits: (h) => {
    withBalances(h, 2, { ...zero, creditsPending: 1n, creditsPosted: MAX - 1n });
    return one(h, base(1, { amountMinor: 1n }));
  },
  exceeds_credits: (h) => one(h, transferInput(1, 3, 2, 1n)),
  exceeds_debits: (h) => one(h, transferInput(1, 1, 4, 1n)),
  exceeds_floor: (h) => one(h, transferInput(1, 6, 2, 101n)),
  exceeds_ceiling: (h) => one(h, transferInput(1, 1, 7, 101n)),
};

describe('every transfer result code', () => {
  it('has a scenario for every code of the precedence list (and created)', () => {
    expect(Object.keys(scenarios).sort()).toEqual(
      ['created', ...TRANSFER_STATUS_PRECEDENCE].sort(),
    );
  });

  it.each(Object.keys(scenarios) as TransferStatus[])('%s is reachable', (status) => {
    const harness = setup();
    const result = scenarios[status](harness);
    expect(result.status).toBe(status);
    if (status !== 'created' && status !== 'exists') {
      expect(result.transfer).toBeNull();
      expect(result.journal).toBeNull();
    }
    // A failure changes nothing but, when transient, burns the id.
    const burned = harness.lastChanges?.failedIds.map((failed) => failed.id) ?? [];
    if (TRANSIENT_TRANSFER_STATUSES.has(status)) expect(burned).toEqual([result.id]);
  });
});
