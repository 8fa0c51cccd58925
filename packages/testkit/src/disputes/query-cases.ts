import type { Dispute } from '@strongroom/disputes';
import { type Cursor, unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import { chargeback, on } from './dispute-commands.js';
import type { DisputesSuiteContext } from './disputes-suite-context.js';
import type { SuiteDisputes } from './suite-disputes.js';

async function everyPage(
  suite: SuiteDisputes,
  query: Parameters<SuiteDisputes['disputes']['list']>[1],
) {
  const seen: Dispute[] = [];
  let after: Cursor | undefined;
  for (let page = 0; page < 20; page += 1) {
    const listed = unwrapOrThrow(
      await suite.disputes.list(
        suite.tenantId,
        query,
        after === undefined ? { limit: 2 } : { limit: 2, after },
      ),
    );
    seen.push(...listed.items);
    if (listed.next === null) return seen;
    after = listed.next;
  }
  throw new Error('pagination did not end');
}

/** The timeline and the list queries, with cursor pagination and tenant isolation. */
export function defineQueryCases(context: DisputesSuiteContext): void {
  it('lists disputes by status, by merchant and by deadline, page by page, each once', async () => {
    const suite = await context.engine();
    const ids = [];
    for (const day of [5, 3, 9, 1, 7]) {
      const opened = chargeback(suite, {
        amount: { amountMinor: '10', currency: 'USD' },
        deadline: { kind: 'due', dueAt: `2026-02-0${day}T00:00:00.000Z`, source: 'provider' },
      });
      unwrapOrThrow(await suite.disputes.execute(suite.tenantId, opened));
      ids.push(opened.disputeId);
    }
    const accepted = ids[0];
    if (accepted === undefined) throw new Error('five disputes');
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, on(suite, accepted, 'accept', {})));
    const open = await everyPage(suite, { by: 'status', status: 'chargeback_needs_response' });
    expect(open.map((dispute) => dispute.disputeId).sort()).toEqual(ids.slice(1).sort());
    const lost = await everyPage(suite, { by: 'status', status: 'lost' });
    expect(lost.map((dispute) => dispute.disputeId)).toEqual([accepted]);
    const merchant = await everyPage(suite, {
      by: 'merchant',
      merchantAccountId: suite.accounts.merchant,
    });
    expect(merchant).toHaveLength(5);
    const byDeadline = await everyPage(suite, { by: 'deadline' });
    expect(
      byDeadline.map((dispute) =>
        dispute.deadline.kind === 'due' ? dispute.deadline.dueAt : null,
      ),
    ).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-02-03T00:00:00.000Z',
      '2026-02-07T00:00:00.000Z',
      '2026-02-09T00:00:00.000Z',
    ]);
    const dueSoon = await everyPage(suite, {
      by: 'deadline',
      dueBefore: new Date('2026-02-04T00:00:00.000Z'),
    });
    expect(dueSoon).toHaveLength(2);
  });

  it('refuses a bad page size and a cursor from another query', async () => {
    const suite = await context.engine();
    for (let index = 0; index < 3; index += 1)
      unwrapOrThrow(
        await suite.disputes.execute(
          suite.tenantId,
          chargeback(suite, { amount: { amountMinor: '10', currency: 'USD' } }),
        ),
      );
    expect(
      (
        await suite.disputes.list(suite.tenantId, { by: 'deadline' }, { limit: 0 })
      )._unsafeUnwrapErr(),
    ).toMatchObject({ type: 'validation', field: 'limit' });
    expect(
      (
        await suite.disputes.list(suite.tenantId, { by: 'deadline' }, { limit: 201 })
      )._unsafeUnwrapErr(),
    ).toMatchObject({ type: 'validation', field: 'limit' });
    const first = unwrapOrThrow(
      await suite.disputes.list(
        suite.tenantId,
        { by: 'status', status: 'chargeback_needs_response' },
        { limit: 1 },
      ),
    );
    expect(first.next).not.toBeNull();
    const crossed = await suite.disputes.list(
      suite.tenantId,
      { by: 'merchant', merchantAccountId: suite.accounts.merchant },
      { limit: 1, after: first.next as Cursor },
    );
    expect(crossed._unsafeUnwrapErr()).toMatchObject({ type: 'validation', field: 'after' });
    const garbage = await suite.disputes.list(
      suite.tenantId,
      { by: 'deadline' },
      { limit: 1, after: '%%%' as Cursor },
    );
    expect(garbage._unsafeUnwrapErr()).toMatchObject({ type: 'validation', field: 'after' });
  });

  it('tells the whole story in the timeline: every event, in order, with time and actor', async () => {
    const suite = await context.engine();
    const opened = chargeback(suite);
    unwrapOrThrow(
      await suite.disputes.execute(suite.tenantId, opened, {
        actor: { type: 'user', id: 'usr_analyst' },
      }),
    );
    suite.clock.advance(60_000);
    unwrapOrThrow(
      await suite.disputes.execute(suite.tenantId, on(suite, opened.disputeId, 'accept', {}), {
        actor: { type: 'user', id: 'usr_manager' },
        requestId: 'req-accept-1',
        correlationId: 'case-77',
      }),
    );
    const timeline = unwrapOrThrow(await suite.disputes.timeline(suite.tenantId, opened.disputeId));
    expect(timeline.map((entry) => [entry.requestId, entry.correlationId])).toEqual([
      [null, null],
      [null, null],
      ['req-accept-1', 'case-77'],
      ['req-accept-1', 'case-77'],
    ]);
    expect(timeline.map((entry) => [entry.version, entry.type, entry.actor])).toEqual([
      [1, 'dispute.chargeback_opened', 'user:usr_analyst'],
      [2, 'dispute.funds_withdrawn', 'user:usr_analyst'],
      [3, 'dispute.accepted', 'user:usr_manager'],
      [4, 'dispute.written_off', 'user:usr_manager'],
    ]);
    expect(timeline[2]?.occurredAt).toBe('2026-01-31T12:01:00.000Z');
    const page = unwrapOrThrow(
      await suite.disputes.timeline(suite.tenantId, opened.disputeId, { fromVersion: 3, limit: 1 }),
    );
    expect(page.map((entry) => entry.type)).toEqual(['dispute.accepted']);
  });

  it('keeps tenants apart: another tenant neither reads nor lists a dispute', async () => {
    const suite = await context.engine();
    const opened = chargeback(suite);
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, opened));
    const stranger = freshTenantId('disputes');
    expect(unwrapOrThrow(await suite.disputes.get(stranger, opened.disputeId))).toBeNull();
    expect(unwrapOrThrow(await suite.disputes.timeline(stranger, opened.disputeId))).toEqual([]);
    const listed = unwrapOrThrow(
      await suite.disputes.list(
        stranger,
        { by: 'status', status: 'chargeback_needs_response' },
        { limit: 10 },
      ),
    );
    expect(listed.items).toEqual([]);
    expect(
      (
        await suite.disputes.execute(stranger, on(suite, opened.disputeId, 'accept', {}))
      )._unsafeUnwrapErr().type,
    ).toBe('dispute.not_found');
  });
}
