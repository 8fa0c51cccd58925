import type { ProviderNotification, ProviderOpening } from '@strongroom/disputes';
import { unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import type { DisputesSuiteContext } from './disputes-suite-context.js';
import {
  SUITE_DISPUTE_FEE_MINOR,
  SUITE_HOST_TRANSACTION_DATE,
  SUITE_PAYMENT_MINOR,
  type SuiteDisputes,
} from './suite-disputes.js';

const OPENING: ProviderOpening = {
  paymentReference: 'ch_suite',
  startsAs: 'chargeback',
  withdrawsFunds: false,
  network: 'visa',
  reasonCode: '10.4',
  amount: { amountMinor: '10000', currency: 'USD' },
  transactionDate: '2026-01-10',
};

function notice(
  suite: SuiteDisputes,
  id: string,
  overrides: Partial<ProviderNotification> = {},
): ProviderNotification {
  return {
    provider: 'stripe',
    providerDisputeId: 'dp_suite',
    notificationId: id,
    occurredAt: suite.clock.now().toISOString(),
    opening: OPENING,
    commands: [],
    ...overrides,
  };
}

/** The disputes against the suite's merchant (all of them: the cases open a few). */
async function merchantDisputes(suite: SuiteDisputes) {
  return unwrapOrThrow(
    await suite.disputes.list(
      suite.tenantId,
      { by: 'merchant', merchantAccountId: suite.accounts.merchant },
      { limit: 10 },
    ),
  );
}

/** Provider notices: found by the provider's id, opened once, idempotent, final status wins. */
export function defineProviderCases(context: DisputesSuiteContext): void {
  it('opens a dispute from a first notice, applies later notices to it, and ignores a redelivery', async () => {
    const suite = await context.engine();
    const created = unwrapOrThrow(
      await suite.disputes.applyProviderNotification(suite.tenantId, notice(suite, 'evt_created')),
    );
    expect(created.dispute?.status).toBe('chargeback_needs_response');
    expect(created.dispute?.providerReference).toEqual({
      provider: 'stripe',
      providerDisputeId: 'dp_suite',
    });
    const withdrawn = notice(suite, 'evt_withdrawn', { commands: [{ type: 'withdraw_funds' }] });
    unwrapOrThrow(await suite.disputes.applyProviderNotification(suite.tenantId, withdrawn));
    const again = unwrapOrThrow(
      await suite.disputes.applyProviderNotification(suite.tenantId, withdrawn),
    );
    expect(again.recorded).toBe(0);
    expect(again.dispute?.disputeId).toBe(created.dispute?.disputeId);
    expect(await suite.balance(suite.accounts.merchant)).toBe(
      SUITE_PAYMENT_MINOR - 10_000n - SUITE_DISPUTE_FEE_MINOR,
    );
    const closed = unwrapOrThrow(
      await suite.disputes.applyProviderNotification(
        suite.tenantId,
        notice(suite, 'evt_closed', { final: 'lost' }),
      ),
    );
    expect(closed.dispute).toMatchObject({ status: 'lost' });
    expect(await suite.balance(suite.accounts.losses)).toBe(10_000n);
    const listed = await merchantDisputes(suite);
    expect(listed.items).toHaveLength(1);
  });

  it('opens one dispute when two first notices race', async () => {
    const suite = await context.engine();
    const outcomes = await Promise.all([
      suite.disputes.applyProviderNotification(suite.tenantId, notice(suite, 'evt_a')),
      suite.disputes.applyProviderNotification(
        suite.tenantId,
        notice(suite, 'evt_b', { commands: [{ type: 'withdraw_funds' }] }),
      ),
    ]);
    const disputeIds = new Set(
      outcomes.map((outcome) => unwrapOrThrow(outcome).dispute?.disputeId),
    );
    expect(disputeIds.size).toBe(1);
    const listed = await merchantDisputes(suite);
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]?.fundsWithdrawn).toBe(true);
  });

  it('answers an informational notice about a known dispute with the dispute, recording nothing', async () => {
    const suite = await context.engine();
    const opened = unwrapOrThrow(
      await suite.disputes.applyProviderNotification(suite.tenantId, notice(suite, 'evt_first')),
    );
    const comment = unwrapOrThrow(
      await suite.disputes.applyProviderNotification(
        suite.tenantId,
        notice(suite, 'evt_comment', { opening: null }),
      ),
    );
    expect(comment).toEqual({ dispute: opened.dispute, recorded: 0 });
    const unknown = await suite.disputes.applyProviderNotification(
      suite.tenantId,
      notice(suite, 'evt_fraud_alert', { providerDisputeId: 'dp_never_opened', opening: null }),
    );
    expect(unknown._unsafeUnwrap()).toEqual({ dispute: null, recorded: 0 });
    expect((await merchantDisputes(suite)).items).toHaveLength(1);
  });

  it('refuses a first notice about a payment the host cannot resolve, writing nothing', async () => {
    const suite = await context.engine();
    const unknown = notice(suite, 'evt_unknown', {
      providerDisputeId: 'dp_other',
      opening: { ...OPENING, paymentReference: 'ch_nobody' },
    });
    expect(
      (await suite.disputes.applyProviderNotification(suite.tenantId, unknown))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'dispute.payment_not_resolved',
      provider: 'stripe',
    });
    const listed = await merchantDisputes(suite);
    expect(listed.items).toEqual([]);
  });

  it('takes the transaction date from the host’s records over the provider’s', async () => {
    const suite = await context.engine();
    const dated = notice(suite, 'evt_dated', {
      opening: { ...OPENING, paymentReference: 'ch_suite_dated' },
    });
    const opened = unwrapOrThrow(
      await suite.disputes.applyProviderNotification(suite.tenantId, dated),
    );
    expect(OPENING.transactionDate).not.toBe(SUITE_HOST_TRANSACTION_DATE);
    expect(opened.dispute?.transactionDate).toBe(SUITE_HOST_TRANSACTION_DATE);
  });

  it('refuses a malformed transaction date from the host, writing nothing', async () => {
    const suite = await context.engine();
    const badly = notice(suite, 'evt_bad_date', {
      opening: { ...OPENING, paymentReference: 'ch_suite_bad_date' },
    });
    expect(
      (await suite.disputes.applyProviderNotification(suite.tenantId, badly))._unsafeUnwrapErr(),
    ).toEqual({ type: 'validation', field: 'transactionDate', reason: 'bad_format' });
    expect((await merchantDisputes(suite)).items).toEqual([]);
  });
}
