import { typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { accountInput, transferEvent } from '../ledger/ledger-fixtures.js';
import { unbalancedCurrencies } from '../ledger/money-invariants.js';
import { chargeback, on, TRACKING_NUMBER } from './dispute-commands.js';
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

  it('runs two commands on one dispute in one batch in turn, the second seeing the first', async () => {
    // Three commands a batch on every backend (DynamoDB's default), so the batches are known.
    const suite = await context.engine({ autoBatch: { maxBatchSize: 3 } });
    const payments = await Promise.all(Array.from({ length: 4 }, () => suite.pay(1_000n)));
    const opens = payments.map((transferId) =>
      chargeback(suite, { transferId, amount: { amountMinor: '1000', currency: 'USD' } }),
    );
    for (const command of opens)
      unwrapOrThrow(await suite.disputes.execute(suite.tenantId, command));
    const [first, second, third, fourth] = opens.map((command) => command.disputeId);
    if (first === undefined || second === undefined || third === undefined || fourth === undefined)
      throw new Error('four disputes were opened');
    const stage = (disputeId: typeof first) =>
      on(suite, disputeId, 'stage_evidence', { items: [TRACKING_NUMBER] });
    const begun = suite.disputeTransactions();
    const outcomes = await Promise.all(
      [
        stage(first),
        on(suite, first, 'submit_evidence', {}),
        stage(second),
        stage(third),
        on(suite, fourth, 'accept', {}),
      ].map((command) => suite.disputes.execute(suite.tenantId, command)),
    );
    expect(outcomes.map((outcome) => unwrapOrThrow(outcome).dispute?.status)).toEqual([
      'chargeback_needs_response',
      'chargeback_under_review',
      'chargeback_needs_response',
      'chargeback_needs_response',
      'lost',
    ]);
    // Commands submitted in one tick start batches of three: two here, three if the first had
    // started alone. A batch falling back to one commit per command (a stale fold failing its
    // append) would take at least five.
    expect(suite.disputeTransactions() - begun).toBeLessThanOrEqual(3);
    const timeline = unwrapOrThrow(await suite.disputes.get(suite.tenantId, first));
    expect(timeline?.status).toBe('chargeback_under_review');
    expect(unbalancedCurrencies(await suite.allAccounts())).toEqual([]);
  });

  it('drops what is left of the schedules of disputes answered in one batch, a reminder already sent', async () => {
    const suite = await context.engine({ autoBatch: { maxBatchSize: 3 } });
    const deadline = {
      kind: 'due',
      dueAt: '2026-02-20T12:00:00.000Z',
      source: 'provider',
    } as const;
    const payments = await Promise.all(Array.from({ length: 3 }, () => suite.pay(1_000n)));
    const opens = payments.map((transferId) =>
      chargeback(suite, { transferId, deadline, amount: { amountMinor: '1000', currency: 'USD' } }),
    );
    for (const command of opens)
      unwrapOrThrow(await suite.disputes.execute(suite.tenantId, command));
    // A week before the deadline: each dispute's first reminder goes out and its entry with it.
    suite.clock.advance(Date.parse('2026-02-13T12:00:00.000Z') - suite.clock.now().getTime());
    expect(unwrapOrThrow(await suite.disputes.sweepDeadlines(suite.tenantId)).alerted).toBe(3);
    const begun = suite.disputeTransactions();
    const outcomes = await Promise.all(
      opens.map((command) =>
        suite.disputes.execute(suite.tenantId, on(suite, command.disputeId, 'accept', {})),
      ),
    );
    expect(outcomes.map((outcome) => unwrapOrThrow(outcome).dispute?.status)).toEqual([
      'lost',
      'lost',
      'lost',
    ]);
    // One batch, or the first alone and a batch; a fallback to one commit each would take four.
    expect(suite.disputeTransactions() - begun).toBeLessThanOrEqual(2);
    suite.clock.advance(30 * 86_400_000);
    expect(unwrapOrThrow(await suite.disputes.sweepDeadlines(suite.tenantId))).toMatchObject({
      alerted: 0,
      expired: 0,
    });
  });
}
