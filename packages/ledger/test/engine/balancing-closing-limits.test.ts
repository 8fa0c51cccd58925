import { MONEY_MAX_MINOR_UNITS } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import type { TransferInput } from '../../src/model/ledger-input.js';
import {
  accountInput,
  balances,
  LedgerHarness,
  NOW,
  transferInput,
  trfId,
} from './ledger-fixture.js';

const MAX = MONEY_MAX_MINOR_UNITS;

function setup(): LedgerHarness {
  const harness = new LedgerHarness();
  harness.createAccounts(
    accountInput(0, { type: 'asset', name: 'bank' }),
    accountInput(1, { flags: { debitsMustNotExceedCredits: true } }),
    accountInput(2),
    accountInput(3, { flags: { creditsMustNotExceedDebits: true }, type: 'asset' }),
    accountInput(4, { limits: { floorMinor: -50n } }),
    accountInput(5, { limits: { ceilingMinor: 80n } }),
    accountInput(6, { type: 'asset', limits: { floorMinor: -20n, ceilingMinor: 30n } }),
  );
  harness.transfers(transferInput(9001, 0, 1, 100n), transferInput(9002, 0, 4, 100n));
  return harness;
}

const balancing = (
  n: number,
  debit: number,
  credit: number,
  upperBound: bigint,
  flags: TransferInput['flags'],
) => transferInput(n, debit, credit, upperBound, { flags });

describe('balancing transfers', () => {
  it('clamp a balancing debit to what the debit account holds, TigerBeetle style', () => {
    const harness = setup();
    const [first] = harness.transfers(balancing(1, 1, 2, MAX, { balancingDebit: true }));
    expect(first?.transfer?.amountMinor).toBe(100n);
    expect(harness.balances(1)).toEqual(balances(0n, 100n, 0n, 100n));
    // Nothing left: the transfer is still created, with amount 0.
    const [second] = harness.transfers(balancing(2, 1, 2, 10n, { balancingDebit: true }));
    expect(second?.status).toBe('created');
    expect(second?.transfer?.amountMinor).toBe(0n);
  });

  it('count pending debits when clamping, and may themselves be pending', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 1, 2, 30n, { flags: { pending: true } }));
    const [result] = harness.transfers(
      balancing(2, 1, 2, MAX, { balancingDebit: true, pending: true }),
    );
    expect(result?.transfer?.amountMinor).toBe(70n);
    expect(harness.balances(1)).toEqual(balances(100n, 0n, 0n, 100n));
  });

  it('clamp a balancing credit to what the credit account lacks (credits must not exceed debits)', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 3, 2, 40n));
    const [result] = harness.transfers(balancing(2, 2, 3, 1000n, { balancingCredit: true }));
    expect(result?.transfer?.amountMinor).toBe(40n);
  });

  it('clamp to the floor headroom of an overdraft account and to the tighter of both sides', () => {
    const harness = setup();
    const [overdraft] = harness.transfers(balancing(1, 4, 2, MAX, { balancingDebit: true }));
    expect(overdraft?.transfer?.amountMinor).toBe(150n);
    expect(harness.balances(4)).toEqual(balances(0n, 150n, 0n, 100n));
    const [both] = harness.transfers(
      balancing(2, 1, 5, MAX, { balancingDebit: true, balancingCredit: true }),
    );
    expect(both?.transfer?.amountMinor).toBe(80n);
  });

  it('clamp only the flagged side: the other side still fails its own limit', () => {
    const harness = setup();
    expect(harness.statuses(balancing(1, 1, 5, MAX, { balancingDebit: true }))).toEqual([
      'exceeds_ceiling',
    ]);
  });
});

describe('floors and ceilings', () => {
  it('bound the net balance seen from the normal side, counting holds conservatively', () => {
    const harness = setup();
    // Liability 4 (credit-normal) holds 100 with a floor of -50: 150 may leave, no more.
    expect(harness.statuses(transferInput(1, 4, 2, 100n, { flags: { pending: true } }))).toEqual([
      'created',
    ]);
    expect(harness.statuses(transferInput(2, 4, 2, 51n))).toEqual(['exceeds_floor']);
    expect(harness.statuses(transferInput(3, 4, 2, 50n))).toEqual(['created']);
    // Liability 5 has a ceiling of 80: a pending credit counts against it at once.
    expect(harness.statuses(transferInput(4, 0, 5, 70n, { flags: { pending: true } }))).toEqual([
      'created',
    ]);
    expect(harness.statuses(transferInput(5, 0, 5, 11n))).toEqual(['exceeds_ceiling']);
  });

  it('read a debit-normal account from its debit side', () => {
    const harness = setup();
    // Asset 6: net = debits - credits in [-20, 30].
    expect(harness.statuses(transferInput(1, 6, 2, 31n))).toEqual(['exceeds_ceiling']);
    expect(harness.statuses(transferInput(2, 6, 2, 30n))).toEqual(['created']);
    expect(harness.statuses(transferInput(3, 2, 6, 51n))).toEqual(['exceeds_floor']);
    expect(harness.statuses(transferInput(4, 2, 6, 50n))).toEqual(['created']);
  });

  it('never fail a post or a void, which only release holds', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 4, 2, 150n, { flags: { pending: true } }));
    expect(
      harness.statuses({ id: trfId(2), pendingId: trfId(1), flags: { postPending: true } }),
    ).toEqual(['created']);
    expect(harness.balances(4)).toEqual(balances(0n, 150n, 0n, 100n));
  });
});

describe('closing accounts', () => {
  const close = (n: number, account: number, overrides: Partial<TransferInput> = {}) =>
    transferInput(n, account, 2, 0n, {
      flags: { pending: true, closingDebit: true },
      ...overrides,
    });

  it('a pending closing transfer closes; only voids pass; the void re-opens', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 1, 2, 10n, { flags: { pending: true } }));
    expect(harness.statuses(close(2, 1))).toEqual(['created']);
    expect(harness.accountState(1).status).toBe('closed');
    expect(
      harness.statuses(
        transferInput(3, 1, 2, 1n),
        transferInput(4, 2, 1, 1n),
        { id: trfId(5), pendingId: trfId(1), flags: { postPending: true } },
        { id: trfId(6), pendingId: trfId(1), flags: { voidPending: true } },
      ),
    ).toEqual([
      'debit_account_already_closed',
      'credit_account_already_closed',
      'debit_account_already_closed',
      'created',
    ]);
    expect(
      harness.statuses({ id: trfId(7), pendingId: trfId(2), flags: { voidPending: true } }),
    ).toEqual(['created']);
    expect(harness.accountState(1).status).toBe('open');
    expect(harness.statuses(transferInput(8, 1, 2, 1n))).toEqual(['created']);
  });

  it('posting a closing transfer fails, as in TigerBeetle: the account stays closed', () => {
    const harness = setup();
    harness.transfers(close(1, 1, { flags: { pending: true, closingCredit: true } }));
    expect(harness.accountState(2).status).toBe('closed');
    expect(
      harness.statuses({ id: trfId(2), pendingId: trfId(1), flags: { postPending: true } }),
    ).toEqual(['credit_account_already_closed']);
  });

  it('expiry of a closing transfer re-opens the account', () => {
    const harness = setup();
    harness.transfers(close(1, 1, { timeoutMs: 1000 }));
    harness.now = new Date(NOW.getTime() + 1000);
    expect(harness.expire([trfId(1)]).map((result) => result.status)).toEqual(['expired']);
    expect(harness.accountState(1).status).toBe('open');
  });

  it('balancing + closing sweeps the balance and closes in one event', () => {
    const harness = setup();
    const [result] = harness.transfers(
      transferInput(1, 1, 2, MAX, {
        flags: { pending: true, closingDebit: true, balancingDebit: true },
      }),
    );
    expect(result?.transfer?.amountMinor).toBe(100n);
    expect(harness.accountState(1).status).toBe('closed');
  });
});
