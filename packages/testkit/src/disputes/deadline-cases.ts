import { DEADLINE_APPROACHING_EVENT, startDisputeSweeper } from '@strongroom/disputes';
import { ok, unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { chargeback, on } from './dispute-commands.js';
import type { DisputesSuiteContext } from './disputes-suite-context.js';
import {
  DISPUTES_SUITE_START,
  SUITE_DISPUTE_FEE_MINOR,
  type SuiteDisputes,
} from './suite-disputes.js';

const DAY_MS = 86_400_000;

async function reminders(suite: SuiteDisputes) {
  const listed = await suite.storage.transaction(suite.tenantId, async (tx) =>
    ok(await tx.outbox.list({ limit: 1000 })),
  );
  return unwrapOrThrow(listed).items.filter((event) => event.type === DEADLINE_APPROACHING_EVENT);
}

/** Deadlines from the catalogue or the provider, reminders, and the expiry sweep. */
export function defineDeadlineCases(context: DisputesSuiteContext): void {
  it('gives a Visa chargeback the 30-day network window, across the month end, as the last second of the day', async () => {
    const suite = await context.engine();
    const opened = unwrapOrThrow(await suite.disputes.execute(suite.tenantId, chargeback(suite)));
    // Opened 2026-01-31: day 30 of the response window is 2026-03-02 (February has 28 days).
    expect(opened.dispute?.deadline).toEqual({
      kind: 'due',
      dueAt: '2026-03-02T23:59:59.000Z',
      source: 'network',
    });
  });

  it('keeps a provider deadline instead of the network default', async () => {
    const suite = await context.engine();
    const deadline = {
      kind: 'due',
      dueAt: '2026-02-09T23:59:59.000Z',
      source: 'provider',
    } as const;
    const opened = unwrapOrThrow(
      await suite.disputes.execute(suite.tenantId, chargeback(suite, { deadline })),
    );
    expect(opened.dispute?.deadline).toEqual(deadline);
  });

  it('publishes each reminder once when its lead time arrives', async () => {
    const suite = await context.engine();
    const deadline = {
      kind: 'due',
      dueAt: '2026-02-20T12:00:00.000Z',
      source: 'provider',
    } as const;
    const opened = chargeback(suite, { deadline });
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, opened));
    expect(unwrapOrThrow(await suite.disputes.sweepDeadlines(suite.tenantId)).alerted).toBe(0);
    suite.clock.advance(Date.parse('2026-02-13T12:00:00.000Z') - suite.clock.now().getTime());
    expect(unwrapOrThrow(await suite.disputes.sweepDeadlines(suite.tenantId)).alerted).toBe(1);
    expect(unwrapOrThrow(await suite.disputes.sweepDeadlines(suite.tenantId)).alerted).toBe(0);
    suite.clock.advance(6 * DAY_MS);
    expect(unwrapOrThrow(await suite.disputes.sweepDeadlines(suite.tenantId)).alerted).toBe(2);
    const sent = await reminders(suite);
    expect(sent.map((event) => event.payload['leadTimeMs']).sort()).toEqual(
      [DAY_MS, 2 * DAY_MS, 7 * DAY_MS].sort(),
    );
    expect(sent.every((event) => event.payload['disputeId'] === opened.disputeId)).toBe(true);
  });

  it('drops the reminders of a dispute that was answered', async () => {
    const suite = await context.engine();
    const opened = chargeback(suite, {
      deadline: { kind: 'due', dueAt: '2026-02-20T12:00:00.000Z', source: 'provider' },
    });
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, opened));
    unwrapOrThrow(
      await suite.disputes.execute(suite.tenantId, on(suite, opened.disputeId, 'accept', {})),
    );
    suite.clock.advance(30 * DAY_MS);
    expect(unwrapOrThrow(await suite.disputes.sweepDeadlines(suite.tenantId))).toMatchObject({
      alerted: 0,
      expired: 0,
    });
    expect(await reminders(suite)).toEqual([]);
  });

  it('expires an overdue dispute as lost, writing the reserve off, once even with several sweepers', async () => {
    const suite = await context.engine();
    const overdue = chargeback(suite, {
      deadline: { kind: 'due', dueAt: '2026-02-05T00:00:00.000Z', source: 'provider' },
    });
    const later = chargeback(suite, {
      amount: { amountMinor: '100', currency: 'USD' },
      deadline: { kind: 'due', dueAt: '2026-04-01T00:00:00.000Z', source: 'provider' },
    });
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, overdue));
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, later));
    suite.clock.advance(Date.parse('2026-02-05T00:00:01.000Z') - DISPUTES_SUITE_START.getTime());
    const sweeps = await Promise.all(
      [1, 2, 3].map(() => suite.disputes.sweepDeadlines(suite.tenantId)),
    );
    const expired = sweeps
      .map((sweep) => unwrapOrThrow(sweep).expired)
      .reduce((sum, count) => sum + count, 0);
    expect(expired).toBe(1);
    const ended = unwrapOrThrow(await suite.disputes.get(suite.tenantId, overdue.disputeId));
    expect(ended).toMatchObject({ status: 'lost', lostReason: 'expired' });
    expect(unwrapOrThrow(await suite.disputes.get(suite.tenantId, later.disputeId))?.status).toBe(
      'chargeback_needs_response',
    );
    const timeline = unwrapOrThrow(
      await suite.disputes.timeline(suite.tenantId, overdue.disputeId),
    );
    expect(timeline.filter((entry) => entry.type === 'dispute.expired')).toHaveLength(1);
    expect(await suite.balance(suite.accounts.losses)).toBe(10_000n);
    expect(await suite.balance(suite.accounts.reserve)).toBe(100n);
    expect(await suite.balance(suite.accounts.fees)).toBe(2n * SUITE_DISPUTE_FEE_MINOR);
  });

  it('sweeps in the background until stopped', async () => {
    const suite = await context.engine();
    const overdue = chargeback(suite, {
      deadline: { kind: 'due', dueAt: '2026-02-01T00:00:00.000Z', source: 'provider' },
    });
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, overdue));
    suite.clock.advance(2 * DAY_MS);
    const sweeper = startDisputeSweeper(suite.disputes, {
      tenants: () => [suite.tenantId],
      intervalMs: 5,
    });
    try {
      await expect
        .poll(
          async () =>
            unwrapOrThrow(await suite.disputes.get(suite.tenantId, overdue.disputeId))?.status,
          {
            timeout: 10_000,
          },
        )
        .toBe('lost');
    } finally {
      await sweeper.stop();
    }
  });

  it('reads only due entries: a sweep before any deadline handles nothing', async () => {
    const suite = await context.engine();
    for (let index = 0; index < 5; index += 1) {
      unwrapOrThrow(
        await suite.disputes.execute(
          suite.tenantId,
          chargeback(suite, {
            amount: { amountMinor: '10', currency: 'USD' },
            deadline: {
              kind: 'due',
              dueAt: `2026-03-0${index + 1}T00:00:00.000Z`,
              source: 'provider',
            },
          }),
        ),
      );
    }
    suite.clock.advance(Date.parse('2026-03-02T12:00:00.000Z') - DISPUTES_SUITE_START.getTime());
    const swept = unwrapOrThrow(await suite.disputes.sweepDeadlines(suite.tenantId, { limit: 20 }));
    // Reminders 7 days, 2 days and 1 day before each due date up to now (March 2, noon): three
    // each for the disputes due March 1, 2 and 3, two for March 4, one for March 5.
    expect(swept).toEqual({ alerted: 12, expired: 2, skipped: 0, failed: 0, more: false });
    const open = unwrapOrThrow(
      await suite.disputes.list(
        suite.tenantId,
        { by: 'status', status: 'chargeback_needs_response' },
        { limit: 10 },
      ),
    );
    expect(open.items).toHaveLength(3);
  });
}
