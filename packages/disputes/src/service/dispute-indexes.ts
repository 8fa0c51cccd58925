import type { JsonObject, StorageTransaction } from '@strongroom/kernel';
import { alertTimes } from '../deadlines/alert-times.js';
import type { Dispute } from '../lifecycle/dispute-state.js';
import { findDisputeTransition } from '../lifecycle/dispute-transitions.js';
import { alertEntryId, DISPUTE_COLLECTIONS, dueEntryId } from './dispute-collections.js';

// Index entries are written once (version 1) and deleted, never rewritten.
const ENTRY_VERSION = 1;

/**
 * The instant a dispute must be answered by, normalized so keys sort by time, when the state
 * machine can expire it from where it is (so the sweep never meets an entry it cannot act on);
 * else null.
 */
export function dueAtOf(dispute: Dispute | null): string | null {
  if (dispute === null || dispute.deadline.kind !== 'due') return null;
  if (findDisputeTransition('expire', dispute.status) === undefined) return null;
  return new Date(dispute.deadline.dueAt).toISOString();
}

/** The schedule ids of a due date: the due entry and one reminder per lead time after `now`. */
function scheduleIds(
  disputeId: string,
  dueAt: string,
  leadTimesMs: readonly number[],
  now: Date,
): string[] {
  const alerts = alertTimes(new Date(dueAt), { now, leadTimesMs }).map((alert) =>
    alertEntryId(alert.alertAt.toISOString(), disputeId, alert.leadTimeMs),
  );
  return [dueEntryId(dueAt, disputeId), ...alerts];
}

/** The summary record of a dispute: its state, as read by `get` and the list queries. */
export function summaryOf(dispute: Dispute): JsonObject {
  return JSON.parse(JSON.stringify(dispute)) as JsonObject;
}

async function writeSummary(tx: StorageTransaction, before: Dispute | null, after: Dispute) {
  const collection = DISPUTE_COLLECTIONS.summaries;
  const current = before === null ? undefined : await tx.records.get(collection, after.disputeId);
  await tx.records.put({
    collection,
    id: after.disputeId,
    data: summaryOf(after),
    expectedVersion: current?.version ?? 0,
  });
}

// Every schedule id a dispute's due date may still hold: the due entry and every reminder (some
// may be gone already: a sweep takes a reminder when it sends it).
function heldScheduleIds(dispute: Dispute | null, leadTimesMs: readonly number[]): string[] {
  const dueAt = dueAtOf(dispute);
  if (dispute === null || dueAt === null) return [];
  return scheduleIds(dispute.disputeId, dueAt, leadTimesMs, new Date(0));
}

/**
 * Locks the summaries and the schedule entries of `disputes` (their states before a batch of
 * commands), in one statement per collection. A batch calls it once for all its
 * disputes, so the reads each command's index update makes of those rows hit rows the transaction
 * holds (on Postgres, answered without a round trip) instead of one statement per command. The
 * dispute's stream lock already makes its commands run in turn, so these locks queue no one.
 */
export async function lockDisputeIndexes(
  tx: StorageTransaction,
  disputes: readonly Dispute[],
  leadTimesMs: readonly number[],
): Promise<void> {
  if (disputes.length === 0) return;
  const summaries = disputes.map((dispute) => dispute.disputeId);
  await tx.records.getMany(DISPUTE_COLLECTIONS.summaries, summaries, { lock: true });
  const entries = disputes.flatMap((dispute) => heldScheduleIds(dispute, leadTimesMs));
  if (entries.length > 0)
    await tx.records.getMany(DISPUTE_COLLECTIONS.schedule, entries, { lock: true });
}

async function insertEntry(
  tx: StorageTransaction,
  collection: string,
  id: string,
  data: JsonObject = {},
) {
  await tx.records.put({ collection, id, data, expectedVersion: 0 });
}

/**
 * Brings the summary and the index entries of a dispute in line with its new state, in the
 * command's transaction and in few round trips: the status entry moves with the status; the due
 * entry and the reminders move with the due date (and go when the dispute can no longer expire),
 * read in one batch since a sweep may have taken reminders already; the merchant and provider
 * entries are written once, when the dispute opens (a second opening of the same provider dispute
 * collides on its key).
 */
export async function updateDisputeIndexes(
  tx: StorageTransaction,
  before: Dispute | null,
  after: Dispute,
  options: { readonly alertLeadTimesMs: readonly number[]; readonly now: Date },
): Promise<void> {
  const id = after.disputeId;
  await writeSummary(tx, before, after);
  if (before === null) {
    await insertEntry(tx, DISPUTE_COLLECTIONS.byMerchant, `${after.merchantAccountId}/${id}`);
    if (after.providerReference !== null) {
      const { provider, providerDisputeId } = after.providerReference;
      await insertEntry(tx, DISPUTE_COLLECTIONS.byProvider, `${provider}:${providerDisputeId}`, {
        disputeId: id,
      });
    }
  }
  if (before?.status !== after.status) {
    if (before !== null) {
      await tx.records.delete({
        collection: DISPUTE_COLLECTIONS.byStatus,
        id: `${before.status}/${id}`,
        expectedVersion: ENTRY_VERSION,
      });
    }
    await insertEntry(tx, DISPUTE_COLLECTIONS.byStatus, `${after.status}/${id}`);
  }
  const dueBefore = dueAtOf(before);
  const dueAfter = dueAtOf(after);
  if (dueBefore === dueAfter) return;
  const collection = DISPUTE_COLLECTIONS.schedule;
  if (dueBefore !== null) {
    const stale = heldScheduleIds(before, options.alertLeadTimesMs);
    for (const entry of await tx.records.getMany(collection, stale)) {
      if (entry !== undefined)
        await tx.records.delete({ collection, id: entry.id, expectedVersion: entry.version });
    }
  }
  if (dueAfter !== null) {
    for (const entryId of scheduleIds(id, dueAfter, options.alertLeadTimesMs, options.now))
      await insertEntry(tx, collection, entryId, { disputeId: id, dueAt: dueAfter });
  }
}
