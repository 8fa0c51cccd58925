import { describe, expect, it } from 'vitest';
import { journalEvent, transferEvent } from '../../src/engine/ledger-event.js';
import {
  type ConversionRequest,
  conversion,
  convertAmount,
} from '../../src/model/currency-conversion.js';
import { journalReversalOf, reversalOf } from '../../src/model/reversal.js';
import {
  accId,
  accountInput,
  balances,
  LedgerHarness,
  transferInput,
  trfId,
} from '../engine/ledger-fixture.js';

function setup(): LedgerHarness {
  const harness = new LedgerHarness();
  harness.createAccounts(
    accountInput(0, { type: 'asset', name: 'bank' }),
    accountInput(1, { flags: { debitsMustNotExceedCredits: true } }),
    accountInput(2),
    accountInput(3, { currency: 'EUR' }),
    accountInput(10, { type: 'asset', name: 'fx usd' }),
    accountInput(11, { type: 'asset', name: 'fx eur', currency: 'EUR' }),
    accountInput(12, { type: 'asset', name: 'fx jpy', currency: 'JPY' }),
    accountInput(4, { currency: 'JPY' }),
  );
  harness.transfers(transferInput(9001, 0, 1, 10_000n));
  return harness;
}

describe('reversals', () => {
  it('swap the accounts, keep amount, currency and code, and name the original', () => {
    const harness = setup();
    const [original] = harness.transfers(transferInput(1, 1, 2, 700n, { code: 5 }));
    if (original?.transfer == null) throw new Error('not created');
    const reversal = reversalOf(original.transfer, trfId(2), { metadata: { reason: 'refund' } });
    expect(reversal.isOk() && reversal.value).toEqual({
      id: trfId(2),
      debitAccountId: accId(2),
      creditAccountId: accId(1),
      amountMinor: 700n,
      currency: 'USD',
      code: 5,
      metadata: { reason: 'refund', reversalOf: trfId(1) },
    });
    if (!reversal.isOk()) return;
    expect(harness.statuses(reversal.value)).toEqual(['created']);
    expect(harness.balances(2)).toEqual(balances(0n, 700n, 0n, 700n));
  });

  it('refuse pending transfers, voids and zero-amount transfers', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 1, 2, 5n, { flags: { pending: true } }));
    harness.transfers({ id: trfId(2), pendingId: trfId(1), flags: { voidPending: true } });
    harness.transfers(transferInput(3, 2, 1, 5n, { flags: { balancingDebit: true } }));
    const reason = (id: number) => {
      const transfer = harness.state.transfer(trfId(id));
      if (transfer === undefined) throw new Error('missing');
      const result = reversalOf(transfer, trfId(99));
      return result.isErr() ? result.error.reason : 'ok';
    };
    expect([reason(1), reason(2), reason(3)]).toEqual(['pending', 'void', 'zero_amount']);
  });

  it('reverse a journal entry leg by leg', () => {
    const harness = setup();
    const [created] = harness.run([
      journalEvent({
        id: trfId(1),
        postings: [
          { accountId: accId(1), side: 'debit', amountMinor: 30n },
          { accountId: accId(2), side: 'credit', amountMinor: 30n },
        ],
        code: 2,
      }),
    ]);
    if (created?.journal == null) throw new Error('not created');
    const reversal = journalReversalOf(created.journal, trfId(2));
    if (!reversal.isOk()) throw new Error(reversal.error.reason);
    expect(harness.run([journalEvent(reversal.value)])[0]?.status).toBe('created');
    expect(harness.balances(2)).toEqual(balances(0n, 30n, 0n, 30n));
    expect(reversal.value.metadata).toEqual({ reversalOf: trfId(1) });
  });
});

describe('currency conversion', () => {
  const request: ConversionRequest = {
    ids: [trfId(1), trfId(2)],
    from: { accountId: accId(1), currency: 'USD', amountMinor: 10_000n },
    to: { accountId: accId(3), currency: 'EUR' },
    rate: '0.9215',
    fxAccounts: { USD: accId(10), EUR: accId(11), JPY: accId(12) },
    code: 30,
  };

  it('builds two linked single-currency legs through the FX accounts, rate recorded', () => {
    const legs = conversion(request);
    if (legs.isErr()) throw new Error(legs.error.reason);
    const [source, target] = legs.value;
    expect(source).toMatchObject({
      debitAccountId: accId(1),
      creditAccountId: accId(10),
      amountMinor: 10_000n,
      currency: 'USD',
      flags: { linked: true },
    });
    expect(target).toMatchObject({
      debitAccountId: accId(11),
      creditAccountId: accId(3),
      amountMinor: 9_215n,
      currency: 'EUR',
    });
    expect(target.flags).toBeUndefined();
    expect(source.metadata).toEqual({
      conversion: {
        rate: '0.9215',
        fromCurrency: 'USD',
        toCurrency: 'EUR',
        fromAmountMinor: '10000',
        toAmountMinor: '9215',
        legs: [trfId(1), trfId(2)],
      },
    });
    const harness = setup();
    expect(harness.statuses(source, target)).toEqual(['created', 'created']);
    expect(harness.balances(3).creditsPosted).toBe(9_215n);
  });

  it('is all-or-nothing: a failing leg undoes the other', () => {
    const legs = conversion({ ...request, from: { ...request.from, amountMinor: 20_000n } });
    if (legs.isErr()) throw new Error(legs.error.reason);
    const harness = setup();
    expect(harness.run(legs.value.map(transferEvent)).map((result) => result.status)).toEqual([
      'exceeds_credits',
      'linked_event_failed',
    ]);
    expect(harness.balances(3).creditsPosted).toBe(0n);
  });

  it('scales between exponents and rounds once, as asked', () => {
    // 1.00 USD at 151.237 JPY/USD = 151.237 yen.
    expect(convertAmount(100n, '151.237', 2, 0, 'down')).toBe(151n);
    expect(convertAmount(100n, '151.5', 2, 0, 'half_even')).toBe(152n);
    expect(convertAmount(100n, '150.5', 2, 0, 'half_even')).toBe(150n);
    expect(convertAmount(100n, '150.5', 2, 0, 'half_up')).toBe(151n);
    // 1000 yen at 0.0066 USD/JPY = 6.60 USD = 660 cents.
    expect(convertAmount(1000n, '0.0066', 0, 2, 'down')).toBe(660n);
    // 1.000 KWD (exponent 3) at 3.25 = 3.25 USD.
    expect(convertAmount(1000n, '3.25', 3, 2, 'down')).toBe(325n);
  });

  it.each<[string, Partial<ConversionRequest>, string]>([
    ['one currency', { to: { accountId: accId(2), currency: 'USD' } }, 'same_currency'],
    ['an unknown currency', { to: { accountId: accId(3), currency: 'EURO' } }, 'currency_invalid'],
    ['a rate with exponent', { rate: '9.2e-1' }, 'rate_invalid'],
    ['a zero rate', { rate: '0.000' }, 'rate_invalid'],
    ['a negative rate', { rate: '-1' }, 'rate_invalid'],
    [
      'a zero amount',
      { from: { accountId: accId(1), currency: 'USD', amountMinor: 0n } },
      'amount_invalid',
    ],
    ['a missing FX account', { fxAccounts: { USD: accId(10) } }, 'fx_account_missing'],
    [
      'an amount that converts to nothing',
      { from: { accountId: accId(1), currency: 'USD', amountMinor: 1n }, rate: '0.001' },
      'converted_amount_zero',
    ],
  ])('refuses %s', (_name, overrides, reason) => {
    const result = conversion({ ...request, ...overrides });
    expect(result.isErr() && result.error).toEqual({ type: 'ledger.conversion', reason });
  });
});
