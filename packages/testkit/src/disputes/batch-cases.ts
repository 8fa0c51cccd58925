import { typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { accountInput, transferEvent } from '../ledger/ledger-fixtures.js';
import { unbalancedCurrencies } from '../ledger/money-invariants.js';
import { chargeback, on } from './dispute-commands.js';
import type { DisputesSuiteContext } from './disputes-suite-context.js';
import { SUITE_DISPUTE_FEE_MINOR } from './suite-disputes.js';

/** Group commit: concurrent commands share commits, each keeps its own answer, none half-written. */
export function defineBatchCases(context: DisputesSuiteContext): void {
  it('gives each of many concurrent commands its own answer, refusals included', async () => {
    const suite = await context.engine({ autoBatch: {} });
    const payments = await Promise.all(Array.from({ length: 12 }, () => suite.pay(1_000n)));
    const opens = payments.map((transferId) =>
      chargeback(suite, { transferId, amount: { amountMinor: '1000', currency: 'USD' } }),
    );
    const missing = suite.disputes.newDisputeId();
    const outcomes = await Promise.all([
      ...opens.map((command) => suite.disputes.execute(suite.tenantId, command)),
      suite.disputes.execute(suite.tenantId, on(suite, missing, 'accept', {})),
    ]);
    expect(outcomes.slice(0, 12).map((outcome) => unwrapOrThrow(outcome).dispute?.status)).toEqual(
      Array.from({ length: 12 }, () => 'chargeback_needs_response'),
    );
    expect(outcomes[12]?._unsafeUnwrapErr().type).toBe('dispute.not_found');
    expect(await suite.balance(suite.accounts.reserve)).toBe(12_000n);
    expect(await suite.balance(suite.accounts.fees)).toBe(12n * SUITE_DISPUTE_FEE_MINOR);
    expect(unbalancedCurrencies(await suite.allAccounts())).toEqual([]);
  });

  it('answers a posting the ledger refuses alone, without losing or half-writing its neighbours', async () => {
    const suite = await context.engine({ autoBatch: {} });
    const strictId = typeIdGenerator.next('acc');
    unwrapOrThrow(
      await suite.ledger.createAccounts(suite.tenantId, [
        accountInput({
          id: strictId,
          name: 'Strict merchant',
          flags: { debitsMustNotExceedCredits: true },
        }),
      ]),
    );
    const strictPayment = typeIdGenerator.next('trf');
    unwrapOrThrow(
      await suite.ledger.createTransfers(suite.tenantId, [
        transferEvent({
          id: strictPayment,
          debitAccountId: suite.accounts.settlement,
          creditAccountId: strictId,
          amountMinor: 500n,
        }),
      ]),
    );
    const payments = await Promise.all(Array.from({ length: 6 }, () => suite.pay(1_000n)));
    const refused = chargeback(suite, {
      transferId: strictPayment,
      merchantAccountId: strictId,
      amount: { amountMinor: '500', currency: 'USD' },
    });
    const accepted = payments.map((transferId) =>
      chargeback(suite, { transferId, amount: { amountMinor: '1000', currency: 'USD' } }),
    );
    const outcomes = await Promise.all(
      [...accepted.slice(0, 3), refused, ...accepted.slice(3)].map((command) =>
        suite.disputes.execute(suite.tenantId, command),
      ),
    );
    expect(outcomes[3]?._unsafeUnwrapErr()).toMatchObject({ type: 'dispute.posting_failed' });
    expect(outcomes.filter((outcome) => outcome.isOk())).toHaveLength(6);
    expect(unwrapOrThrow(await suite.disputes.get(suite.tenantId, refused.disputeId))).toBeNull();
    for (const command of accepted)
      expect(
        unwrapOrThrow(await suite.disputes.get(suite.tenantId, command.disputeId))?.fundsWithdrawn,
      ).toBe(true);
    expect(await suite.balance(suite.accounts.reserve)).toBe(6_000n);
    expect(await suite.balance(strictId)).toBe(500n);
    const [strict] = unwrapOrThrow(await suite.ledger.lookupAccounts(suite.tenantId, [strictId]));
    if (strict === null || strict === undefined) throw new Error('the strict merchant exists');
    expect(unbalancedCurrencies([...(await suite.allAccounts()), strict])).toEqual([]);
  });
}
