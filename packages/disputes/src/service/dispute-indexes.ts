import type { JsonObject, StorageTransaction } from '@strongroom/kernel';
import { alertTimes } from '../deadlines/alert-times.js';
import type { Dispute } from '../lifecycle/dispute-state.js';
import { isTerminalStatus } from '../lifecycle/dispute-status.js';
import { DISPUTE_COLLECTIONS } from './dispute-collections.js';

/** The instant an open dispute must be answered by, normalized so keys sort by time; else null. */
export function dueAtOf(dispute: Dispute | null): string | null {
  if (dispute === null || isTerminalStatus(dispute.status) || dispute.deadline.kind !== 'due')
    return null;
  return new Date(dispute.deadline.dueAt).toISOString();
}

async function removeRecord(tx: StorageTransaction, collection: string, id: string): Promise<void> {
  const record = await tx.records.get(collection, id);
  if (record !== undefined)
    await tx.records.delete({ collection, id, expectedVersion: record.version });
}

async function putRecord(
  tx: StorageTransaction,
  collection: string,
  id: string,
  data: JsonObject,
): Promise<void> {
  const record = await tx.records.get(collection, id);
  await tx.records.put({ collection, id, data, expectedVersion: record?.version ?? 0 });
}

/** The alert record ids of a due date: one per lead time, keyed by when it fires. */
function alertIds(
  disputeId: string,
  dueAt: string,
  leadTimesMs: readonly number[],
  now: Date,
): string[] {
  return alertTimes(new Date(dueAt), { now, leadTimesMs }).map(
    (alert) => `${alert.alertAt.toISOString()}/${disputeId}/${alert.leadTimeMs}`,
  );
}

/** The summary record of a dispute: its state, as read by `get` and the list queries. */
export function summaryOf(dispute: Dispute): JsonObject {
  return JSON.parse(JSON.stringify(dispute)) as JsonObject;
}

/**
 * Brings the summary and the index records of a dispute in line with its new state, in the
 * command's transaction: the status index moves with the status, the deadline index and the
 * reminders move with the due date (and go when the dispute ends), the merchant and provider
 * indexes are written once, when the dispute opens.
 */
export async function updateDisputeIndexes(
  tx: StorageTransaction,
  before: Dispute | null,
  after: Dispute,
  options: { readonly alertLeadTimesMs: readonly number[]; readonly now: Date },
): Promise<void> {
  const id = after.disputeId;
  await putRecord(tx, DISPUTE_COLLECTIONS.summaries, id, summaryOf(after));
  if (before === null) {
    await tx.records.put({
      collection: DISPUTE_COLLECTIONS.byMerchant,
      id: `${after.merchantAccountId}/${id}`,
      data: {},
      expectedVersion: 0,
    });
    if (after.providerReference !== null) {
      const { provider, providerDisputeId } = after.providerReference;
      await putRecord(tx, DISPUTE_COLLECTIONS.byProvider, `${provider}:${providerDisputeId}`, {
        disputeId: id,
      });
    }
  }
  if (before?.status !== after.status) {
    if (before !== null)
      await removeRecord(tx, DISPUTE_COLLECTIONS.byStatus, `${before.status}/${id}`);
    await tx.records.put({
      collection: DISPUTE_COLLECTIONS.byStatus,
      id: `${after.status}/${id}`,
      data: {},
      expectedVersion: 0,
    });
  }
  const dueBefore = dueAtOf(before);
  const dueAfter = dueAtOf(after);
  if (dueBefore === dueAfter) return;
  if (dueBefore !== null) {
    await removeRecord(tx, DISPUTE_COLLECTIONS.byDeadline, `${dueBefore}/${id}`);
    for (const alertId of alertIds(id, dueBefore, options.alertLeadTimesMs, new Date(0)))
      await removeRecord(tx, DISPUTE_COLLECTIONS.alerts, alertId);
  }
  if (dueAfter !== null) {
    await tx.records.put({
      collection: DISPUTE_COLLECTIONS.byDeadline,
      id: `${dueAfter}/${id}`,
      data: { disputeId: id, dueAt: dueAfter },
      expectedVersion: 0,
    });
    for (const alertId of alertIds(id, dueAfter, options.alertLeadTimesMs, options.now)) {
      await tx.records.put({
        collection: DISPUTE_COLLECTIONS.alerts,
        id: alertId,
        data: { disputeId: id, dueAt: dueAfter },
        expectedVersion: 0,
      });
    }
  }
}
