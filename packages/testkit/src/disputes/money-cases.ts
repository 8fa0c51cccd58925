import { type Id, unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { unbalancedCurrencies } from '../ledger/money-invariants.js';
import { chargeback, on, TRACKING_NUMBER } from './dispute-commands.js';
import type { DisputesSuiteContext } from './disputes-suite-context.js';
import {
  SUITE_DISPUTE_FEE_MINOR,
  SUITE_PAYMENT_MINOR,
  type SuiteDisputes,
} from './suite-disputes.js';

async function balances(suite: SuiteDisputes) {
  return {
    merchant: await suite.balance(suite.accounts.merchant),
    reserve: await suite.balance(suite.accounts.reserve),
    fees: await suite.balance(suite.accounts.fees),
    losses: await suite.balance(suite.accounts.losses),
  };
}

/** Stages the tracking number and submits it: the merchant's answer to a 13.1 chargeback. */
async function submitTrackingNumber(suite: SuiteDisputes, id: Id<'dsp'>) {
  unwrapOrThrow(
    await suite.disputes.execute(
      suite.tenantId,
      on(suite, id, 'stage_evidence', { items: [TRACKING_NUMBER] }),
    ),
  );
  unwrapOrThrow(await suite.disputes.execute(suite.tenantId, on(suite, id, 'submit_evidence', {})));
}

/** Chargebacks move money through the ledger in the dispute's own transaction. */
export function defineMoneyCases(context: DisputesSuiteContext): void {
  it('withdraws the disputed amount and the fee on a chargeback, and returns both on a win', async () => {
    const suite = await context.engine();
    const opened = chargeback(suite);
    const id = opened.disputeId;
    const first = unwrapOrThrow(await suite.disputes.execute(suite.tenantId, opened));
    expect(first.dispute?.status).toBe('chargeback_needs_response');
    expect(first.dispute?.fundsWithdrawn).toBe(true);
    expect(await balances(suite)).toEqual({
      merchant: SUITE_PAYMENT_MINOR - 10_000n - SUITE_DISPUTE_FEE_MINOR,
      reserve: 10_000n,
      fees: SUITE_DISPUTE_FEE_MINOR,
      losses: 0n,
    });
    await submitTrackingNumber(suite, id);
    const won = unwrapOrThrow(
      await suite.disputes.execute(
        suite.tenantId,
        on(suite, id, 'record_issuer_decision', {
          decision: 'accepted',
          source: { kind: 'system' },
        }),
      ),
    );
    expect(won.dispute?.status).toBe('won');
    expect(won.dispute?.fundsWithdrawn).toBe(false);
    expect(await balances(suite)).toEqual({
      merchant: SUITE_PAYMENT_MINOR,
      reserve: 0n,
      fees: 0n,
      losses: 0n,
    });
    expect(unbalancedCurrencies(await suite.allAccounts())).toEqual([]);
  });

  it('pays the reserve away when the merchant accepts the loss, keeping the fee', async () => {
    const suite = await context.engine();
    const opened = chargeback(suite, { amount: { amountMinor: '2500', currency: 'USD' } });
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, opened));
    const lost = unwrapOrThrow(
      await suite.disputes.execute(suite.tenantId, on(suite, opened.disputeId, 'accept', {})),
    );
    expect(lost.dispute?.status).toBe('lost');
    expect(lost.dispute?.lostReason).toBe('accepted');
    expect(lost.events.map((event) => event.type)).toContain('dispute.written_off');
    expect(await balances(suite)).toEqual({
      merchant: SUITE_PAYMENT_MINOR - 2_500n - SUITE_DISPUTE_FEE_MINOR,
      reserve: 0n,
      fees: SUITE_DISPUTE_FEE_MINOR,
      losses: 2_500n,
    });
    expect(unbalancedCurrencies(await suite.allAccounts())).toEqual([]);
  });

  it('moves nothing for a notice that does not withdraw, and withdraws when the debit arrives', async () => {
    const suite = await context.engine();
    const opened = chargeback(suite, { withdrawsFunds: false });
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, opened));
    expect(await balances(suite)).toEqual({
      merchant: SUITE_PAYMENT_MINOR,
      reserve: 0n,
      fees: 0n,
      losses: 0n,
    });
    const debit = on(suite, opened.disputeId, 'withdraw_funds', {
      source: { kind: 'provider', provider: 'adyen', notificationId: 'CHARGEBACK-1' },
    });
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, debit));
    const repeated = unwrapOrThrow(await suite.disputes.execute(suite.tenantId, debit));
    expect(repeated.events).toEqual([]);
    expect(await balances(suite)).toEqual({
      merchant: SUITE_PAYMENT_MINOR - 10_000n - SUITE_DISPUTE_FEE_MINOR,
      reserve: 10_000n,
      fees: SUITE_DISPUTE_FEE_MINOR,
      losses: 0n,
    });
  });

  it('charges the fee once across a provisional reversal and a second chargeback', async () => {
    const suite = await context.engine();
    const opened = chargeback(suite);
    const id = opened.disputeId;
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, opened));
    await submitTrackingNumber(suite, id);
    const reversed = unwrapOrThrow(
      await suite.disputes.execute(
        suite.tenantId,
        on(suite, id, 'record_issuer_decision', {
          decision: 'accepted_provisionally',
          source: { kind: 'system' },
        }),
      ),
    );
    expect(reversed.dispute?.status).toBe('chargeback_reversed_provisional');
    expect(await suite.balance(suite.accounts.reserve)).toBe(0n);
    const second = unwrapOrThrow(
      await suite.disputes.execute(
        suite.tenantId,
        on(suite, id, 'open_pre_arbitration', { withdrawsFunds: true, source: { kind: 'system' } }),
      ),
    );
    expect(second.dispute?.status).toBe('prearb_needs_response');
    expect(await balances(suite)).toEqual({
      merchant: SUITE_PAYMENT_MINOR - 10_000n - SUITE_DISPUTE_FEE_MINOR,
      reserve: 10_000n,
      fees: SUITE_DISPUTE_FEE_MINOR,
      losses: 0n,
    });
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, on(suite, id, 'accept', {})));
    expect(await balances(suite)).toEqual({
      merchant: SUITE_PAYMENT_MINOR - 10_000n - SUITE_DISPUTE_FEE_MINOR,
      reserve: 0n,
      fees: SUITE_DISPUTE_FEE_MINOR,
      losses: 10_000n,
    });
    expect(unbalancedCurrencies(await suite.allAccounts())).toEqual([]);
  });

  it('records the postings in the ledger with the dispute id, and one audit leaf per command', async () => {
    const suite = await context.engine();
    const opened = chargeback(suite);
    unwrapOrThrow(
      await suite.disputes.execute(suite.tenantId, opened, {
        requestId: 'req_suite',
        correlationId: 'corr_suite',
      }),
    );
    const statement = unwrapOrThrow(
      await suite.ledger.statement(suite.tenantId, suite.accounts.reserve),
    );
    expect(statement.items).toHaveLength(1);
    const timeline = unwrapOrThrow(await suite.disputes.timeline(suite.tenantId, opened.disputeId));
    expect(timeline.map((entry) => entry.type)).toEqual([
      'dispute.chargeback_opened',
      'dispute.funds_withdrawn',
    ]);
    expect(timeline.every((entry) => entry.actor === 'system:disputes')).toBe(true);
  });
}
