import { MONEY_MAX_MINOR_UNITS } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import type { TransferInput } from '../../src/model/ledger-input.js';
import {
  TRANSFER_STATUS_PRECEDENCE,
  TRANSIENT_TRANSFER_STATUSES,
  transferStatusRank,
} from '../../src/model/transfer-status.js';
import { accId, accountInput, LedgerHarness, NOW, transferInput, trfId } from './ledger-fixture.js';

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
  );
  harness.transfers(transferInput(9001, 0, 1, 1000n));
  return harness;
}

function statusOf(harness: LedgerHarness, input: TransferInput): string {
  return harness.statuses(input)[0] ?? 'none';
}

describe('precedence list', () => {
  it('has no duplicates, and its transient codes are all in it', () => {
    expect(new Set(TRANSFER_STATUS_PRECEDENCE).size).toBe(TRANSFER_STATUS_PRECEDENCE.length);
    for (const status of TRANSIENT_TRANSFER_STATUSES)
      expect(TRANSFER_STATUS_PRECEDENCE).toContain(status);
  });

  it('keeps TigerBeetle groups in order: chain < shape < idempotency < validation < lookups < closed < limits', () => {
    const order = [
      'linked_event_failed',
      'reserved_flag',
      'id_must_not_be_zero',
      'exists_with_different_flags',
      'exists',
      'id_already_failed',
      'flags_are_mutually_exclusive',
      'code_must_not_be_zero',
      'debit_account_not_found',
      'pending_transfer_expired',
      'debit_account_already_closed',
      'overflows_debits_pending',
      'exceeds_credits',
      'exceeds_debits',
      'exceeds_floor',
      'exceeds_ceiling',
    ] as const;
    const ranks = order.map(transferStatusRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(transferStatusRank('created')).toBe(TRANSFER_STATUS_PRECEDENCE.length);
  });
});

describe('an event with several faults reports the one of highest precedence', () => {
  it('reserved flag before a malformed id', () => {
    const harness = setup();
    expect(
      statusOf(
        harness,
        transferInput(1, 1, 2, 1n, { id: 'nope', flags: { bogus: true } as never }),
      ),
    ).toBe('reserved_flag');
  });

  it('a malformed id before every field check', () => {
    const harness = setup();
    expect(statusOf(harness, transferInput(1, 1, 1, -5n, { id: 'trf_!', code: 0 }))).toBe(
      'id_invalid',
    );
  });

  it('idempotency before validation: a retry with an invalid amount is a different amount', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 1, 2, 10n));
    expect(statusOf(harness, transferInput(1, 1, 2, -1n, { code: 0 }))).toBe(
      'exists_with_different_amount',
    );
  });

  it('flags before every other field of a retry', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 1, 2, 10n));
    expect(
      statusOf(harness, transferInput(1, 2, 1, 11n, { code: 2, flags: { pending: true } })),
    ).toBe('exists_with_different_flags');
  });

  it('a burned id answers id_already_failed even for an input that is now invalid', () => {
    const harness = setup();
    expect(statusOf(harness, transferInput(1, 3, 2, 10n))).toBe('exceeds_credits');
    expect(statusOf(harness, transferInput(1, 3, 2, 0n))).toBe('id_already_failed');
  });

  it('validation before lookups, so an invalid event never burns its id', () => {
    const harness = setup();
    expect(statusOf(harness, transferInput(1, 98, 99, 0n))).toBe('amount_must_be_positive');
    expect(harness.lastChanges?.failedIds).toEqual([]);
    expect(statusOf(harness, transferInput(1, 1, 2, 5n))).toBe('created');
  });

  it('mutually exclusive flags before missing fields', () => {
    const harness = setup();
    expect(
      statusOf(harness, {
        id: trfId(1),
        flags: { postPending: true, balancingDebit: true },
      }),
    ).toBe('flags_are_mutually_exclusive');
  });

  it('debit account not found before credit account not found', () => {
    const harness = setup();
    expect(statusOf(harness, transferInput(1, 98, 99, 1n))).toBe('debit_account_not_found');
  });

  it('currencies before closed accounts', () => {
    const harness = setup();
    harness.transfers(transferInput(2, 1, 2, 0n, { flags: { pending: true, closingDebit: true } }));
    expect(statusOf(harness, transferInput(3, 1, 5, 1n))).toBe(
      'accounts_must_have_the_same_currency',
    );
  });

  it('closed accounts before limits', () => {
    const harness = setup();
    harness.transfers(transferInput(2, 3, 2, 0n, { flags: { pending: true, closingDebit: true } }));
    expect(statusOf(harness, transferInput(3, 3, 2, 1n))).toBe('debit_account_already_closed');
  });

  it('flag limits before floors: exceeds_debits (credit side) wins over exceeds_floor (debit side)', () => {
    const harness = setup();
    expect(statusOf(harness, transferInput(1, 6, 4, 101n))).toBe('exceeds_debits');
  });

  it('overflow before limits', () => {
    const harness = setup();
    const account = harness.accountState(4);
    // Account 4 (credits must not exceed debits) is full on both sides: crediting it both
    // overflows its posted credits and exceeds its debits.
    harness.state.putAccount({
      ...account,
      balances: {
        ...account.balances,
        debitsPosted: MONEY_MAX_MINOR_UNITS,
        creditsPosted: MONEY_MAX_MINOR_UNITS,
      },
    });
    expect(statusOf(harness, transferInput(1, 1, 4, 1n))).toBe('overflows_credits_posted');
  });

  it('post: a different account before the amount, the amount before the status', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 1, 2, 10n, { flags: { pending: true } }));
    harness.transfers({ id: trfId(2), pendingId: trfId(1), flags: { postPending: true } });
    const post = (overrides: Partial<TransferInput>) =>
      statusOf(harness, {
        id: trfId(3),
        pendingId: trfId(1),
        flags: { postPending: true },
        ...overrides,
      });
    expect(post({ debitAccountId: accId(3), amountMinor: 11n })).toBe(
      'pending_transfer_has_different_debit_account_id',
    );
    expect(post({ amountMinor: 11n })).toBe('exceeds_pending_transfer_amount');
    expect(post({})).toBe('pending_transfer_already_posted');
  });

  it('post: expiry before closed accounts', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 1, 2, 10n, { flags: { pending: true }, timeoutMs: 1000 }));
    harness.transfers(transferInput(2, 2, 0, 0n, { flags: { pending: true, closingDebit: true } }));
    harness.now = new Date(NOW.getTime() + 1000);
    expect(
      statusOf(harness, { id: trfId(3), pendingId: trfId(1), flags: { postPending: true } }),
    ).toBe('pending_transfer_expired');
  });
});
