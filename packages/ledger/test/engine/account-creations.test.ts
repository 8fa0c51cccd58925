import { MONEY_MAX_MINOR_UNITS } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { executeAccountCreations } from '../../src/engine/execute-account-creations.js';
import { ACCOUNT_STATUS_PRECEDENCE, type AccountStatus } from '../../src/model/account-status.js';
import type { AccountInput } from '../../src/model/ledger-input.js';
import { accId, accountInput, LedgerHarness, MemoryLedgerState, NOW } from './ledger-fixture.js';

const existing = accountInput(1, {
  metadata: { tier: 'gold' },
  owner: { type: 'user', id: 'usr_1' },
  limits: { floorMinor: -10n },
});

function statusOf(input: AccountInput, ...before: AccountInput[]): AccountStatus {
  const harness = new LedgerHarness();
  harness.createAccounts(existing, ...before);
  return harness.createAccounts(input)[0]?.status ?? ('none' as never);
}

const linked = (input: AccountInput): AccountInput => ({
  ...input,
  flags: { ...input.flags, linked: true },
});

const scenarios: Record<AccountStatus, () => AccountStatus> = {
  created: () => statusOf(accountInput(2)),
  linked_event_failed: () => {
    const harness = new LedgerHarness();
    return harness.createAccounts(linked(accountInput(2)), accountInput(3, { code: 0 }))[0]
      ?.status as AccountStatus;
  },
  linked_event_chain_open: () => statusOf(linked(accountInput(2))),
  reserved_flag: () => statusOf(accountInput(2, { flags: { history: true } as never })),
  id_must_not_be_zero: () => statusOf(accountInput(2, { id: '' })),
  id_invalid: () => statusOf(accountInput(2, { id: 'trf_00000000000000000000000002' })),
  exists_with_different_flags: () =>
    statusOf({ ...existing, flags: { debitsMustNotExceedCredits: true } }),
  exists_with_different_limits: () => statusOf({ ...existing, limits: { floorMinor: -11n } }),
  exists_with_different_type: () => statusOf({ ...existing, type: 'asset' }),
  exists_with_different_name: () => statusOf({ ...existing, name: 'renamed' }),
  exists_with_different_owner: () =>
    statusOf({ ...existing, owner: { type: 'user', id: 'usr_2' } }),
  exists_with_different_metadata: () => statusOf({ ...existing, metadata: { tier: 'silver' } }),
  exists_with_different_currency: () => statusOf({ ...existing, currency: 'EUR' }),
  exists_with_different_code: () => statusOf({ ...existing, code: 2 }),
  exists: () => statusOf({ ...existing, metadata: { tier: 'gold' } }),
  flags_are_mutually_exclusive: () =>
    statusOf(
      accountInput(2, {
        flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true },
      }),
    ),
  limits_invalid: () => statusOf(accountInput(2, { limits: { floorMinor: -10 as never } })),
  floor_must_not_be_positive: () => statusOf(accountInput(2, { limits: { floorMinor: 1n } })),
  ceiling_must_not_be_negative: () => statusOf(accountInput(2, { limits: { ceilingMinor: -1n } })),
  type_invalid: () => statusOf(accountInput(2, { type: 'wallet' as never })),
  currency_invalid: () => statusOf(accountInput(2, { currency: 'XXX' })),
  code_must_not_be_zero: () => statusOf(accountInput(2, { code: 0 })),
  code_invalid: () => statusOf(accountInput(2, { code: -3 })),
  name_invalid: () => statusOf(accountInput(2, { name: 'line\nbreak' })),
  owner_invalid: () => statusOf(accountInput(2, { owner: { type: 'user' } as never })),
  metadata_invalid: () => statusOf(accountInput(2, { metadata: [] as never })),
  metadata_too_large: () => statusOf(accountInput(2, { metadata: { blob: 'é'.repeat(2100) } })),
};

describe('account creation', () => {
  it('has a scenario for every code', () => {
    expect(Object.keys(scenarios).sort()).toEqual(['created', ...ACCOUNT_STATUS_PRECEDENCE].sort());
  });

  it.each(Object.keys(scenarios) as AccountStatus[])('%s is reachable', (status) => {
    expect(scenarios[status]()).toBe(status);
  });

  it('creates an open account with zero balances, no entries and the next stamp', () => {
    const state = new MemoryLedgerState();
    const { results, accounts } = executeAccountCreations(
      state,
      [accountInput(1), accountInput(2, { flags: { creditsMustNotExceedDebits: true } })],
      { now: NOW, firstTimestamp: 100n },
    );
    expect(results.map((result) => [result.status, result.timestamp])).toEqual([
      ['created', 100n],
      ['created', 101n],
    ]);
    expect(accounts[1]).toMatchObject({
      id: accId(2),
      status: 'open',
      entryCount: 0,
      metadata: {},
      owner: null,
      flags: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true },
      limits: { floorMinor: null, ceilingMinor: null },
      balances: { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n },
      createdAt: NOW,
    });
  });

  it('answers exists with the original stamp, also for a duplicate in the same batch', () => {
    const state = new MemoryLedgerState();
    const { results, accounts } = executeAccountCreations(
      state,
      [accountInput(1), accountInput(1)],
      { now: NOW, firstTimestamp: 7n },
    );
    expect(results.map((result) => [result.status, result.timestamp])).toEqual([
      ['created', 7n],
      ['exists', 7n],
    ]);
    expect(accounts).toHaveLength(1);
  });

  it('creates a linked chain all-or-nothing', () => {
    const harness = new LedgerHarness();
    const results = harness.createAccounts(
      linked(accountInput(1)),
      linked(accountInput(2)),
      accountInput(3, { currency: 'usd' }),
      accountInput(4),
    );
    expect(results.map((result) => result.status)).toEqual([
      'linked_event_failed',
      'linked_event_failed',
      'currency_invalid',
      'created',
    ]);
    expect(harness.state.account(accId(1))).toBeUndefined();
  });

  it('accepts limits at the amount bound and refuses them beyond', () => {
    expect(statusOf(accountInput(2, { limits: { floorMinor: -MONEY_MAX_MINOR_UNITS } }))).toBe(
      'created',
    );
    expect(
      statusOf(accountInput(2, { limits: { ceilingMinor: MONEY_MAX_MINOR_UNITS + 1n } })),
    ).toBe('limits_invalid');
  });
});
