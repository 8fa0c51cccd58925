import { DEADLINE_APPROACHING_EVENT } from '@strongroom/disputes';
import { type EventEnvelope, unwrapOrThrow } from '@strongroom/kernel';
import { LEDGER_EVENT_TYPES } from '@strongroom/ledger';
import { expect } from 'vitest';
import { SCALE_OUT_ALERT_LEAD_TIME_MS } from './scale-out-facade.js';
import { listOutbox } from './scale-out-reads.js';
import { isShortDeadline, planned, type ScaleOutRun } from './scale-out-run.js';

// The opening's recorded time and the moment it schedules its reminders lie this close together.
const REMINDER_MARGIN_MS = 1_000;

/**
 * Outbox: drained; every committed event reached the stream at least once and the stream holds no
 * other, so deduplicating by id gives exactly the committed set. Downstream, each expired hold and
 * each expired dispute appears once, and each later deadline's reminder once.
 */
export async function expectOutboxInvariants(run: ScaleOutRun): Promise<void> {
  expect(await listOutbox(run.strongroom.storage, run.tenantId)).toEqual([]);
  const committed = [
    ...run.parentRecording.events,
    ...run.reports.flatMap((report) => report.events),
  ];
  const committedIds = new Set(committed.map((event) => event.id));
  expect(committedIds.size, 'an event id committed twice').toBe(committed.length);
  const downstream = new Map<string, EventEnvelope>();
  for (const event of run.stream) if (!downstream.has(event.id)) downstream.set(event.id, event);
  expect([...downstream.keys()].sort()).toEqual([...committedIds].sort());

  const events = [...downstream.values()];
  const expiredHolds = events
    .filter((event) => event.type === LEDGER_EVENT_TYPES.transferExpired)
    .map((event) => String(event.payload['transferId']));
  const holdsExpected = await expiredHoldIds(run);
  expect(expiredHolds.sort()).toEqual(holdsExpected.sort());
  const disputes = planned(run, 'dispute');
  const expiredDisputes = events
    .filter((event) => event.type === 'dispute.expired')
    .map((event) => String(event.streamId));
  const accepted = new Set(
    run.reports
      .flatMap((report) => report.disputes)
      .filter((item) => item.accept === 'accepted')
      .map((item) => item.disputeId),
  );
  expect(expiredDisputes.sort()).toEqual(
    disputes
      .filter((dispute) => isShortDeadline(dispute) && !accepted.has(dispute.disputeId))
      .map((dispute) => dispute.disputeId)
      .sort(),
  );
  const reminders = new Map<string, number>();
  for (const event of events) {
    if (event.type !== DEADLINE_APPROACHING_EVENT) continue;
    const disputeId = String(event.payload['disputeId']);
    reminders.set(disputeId, (reminders.get(disputeId) ?? 0) + 1);
  }
  const dueAt = new Map(
    run.reports.flatMap((report) => report.disputes).map((item) => [item.disputeId, item.dueAt]),
  );
  for (const dispute of disputes) {
    const count = reminders.get(dispute.disputeId) ?? 0;
    expect(count, `reminders of ${dispute.disputeId}`).toBeLessThanOrEqual(1);
    if (isShortDeadline(dispute)) {
      expect(count, `reminders of ${dispute.disputeId}`).toBe(0);
      continue;
    }
    // The engine schedules a reminder only if its time is still ahead when the dispute opens; a
    // slow opening (retries on a busy store) may pass it. Between the two it may go either way.
    const alertAtMs = Date.parse(dueAt.get(dispute.disputeId) ?? '') - SCALE_OUT_ALERT_LEAD_TIME_MS;
    const openedAtMs = await openedAt(run, dispute.disputeId);
    if (alertAtMs >= openedAtMs + REMINDER_MARGIN_MS)
      expect(count, `reminders of ${dispute.disputeId}`).toBe(1);
    if (alertAtMs < openedAtMs) expect(count, `reminders of ${dispute.disputeId}`).toBe(0);
  }
}

/** When the service recorded a dispute's opening. */
async function openedAt(run: ScaleOutRun, disputeId: string): Promise<number> {
  const disputes = run.strongroom.disputes;
  if (disputes === undefined) throw new Error('the facade has disputes');
  const [opening] = unwrapOrThrow(await disputes.timeline(run.tenantId, disputeId, { limit: 1 }));
  if (opening === undefined) throw new Error(`${disputeId} has no opening`);
  return Date.parse(opening.recordedAt);
}

async function expiredHoldIds(run: ScaleOutRun): Promise<string[]> {
  const ids = planned(run, 'pending').map((hold) => hold.id);
  const expired: string[] = [];
  for (let start = 0; start < ids.length; start += 100) {
    const page = unwrapOrThrow(
      await run.strongroom.ledger.lookupTransfers(run.tenantId, ids.slice(start, start + 100)),
    );
    for (const transfer of page)
      if (transfer?.pendingStatus === 'expired') expired.push(transfer.id);
  }
  return expired;
}
