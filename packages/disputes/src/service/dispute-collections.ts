/**
 * The records the dispute service keeps beside each dispute's event stream: a summary for reads,
 * and index records whose ids sort the way the list queries and the sweep read them, so a query
 * or a sweep reads only what it returns (cost grows with the answer, not with all disputes).
 */
export const DISPUTE_COLLECTIONS = {
  /** One per dispute: the current state, for `get` and list answers. */
  summaries: 'disputes.summaries',
  /** `<status>/<disputeId>`. */
  byStatus: 'disputes.by_status',
  /** `<merchantAccountId>/<disputeId>`. */
  byMerchant: 'disputes.by_merchant',
  /**
   * The sweep's queue, in one collection so a command reads a dispute's entries in one round
   * trip: `due/<dueAt ISO>/<disputeId>` for open disputes that can expire, and
   * `alert/<alertAt ISO>/<disputeId>/<leadTimeMs>` for reminders not sent yet.
   */
  schedule: 'disputes.schedule',
  /** `<provider>:<providerDisputeId>` → the dispute id, so provider notices find their dispute. */
  byProvider: 'disputes.by_provider',
} as const;

/** The event stream of a dispute is keyed by its id. */
export function disputeStreamId(disputeId: string): string {
  return disputeId;
}

/** Where the due entries of {@link DISPUTE_COLLECTIONS.schedule} start. */
export const DUE_PREFIX = 'due/';

/** Where the reminder entries of {@link DISPUTE_COLLECTIONS.schedule} start. */
export const ALERT_PREFIX = 'alert/';

/** Length of an ISO 8601 instant as `Date.prototype.toISOString` writes it (sorts as time). */
export const ISO_INSTANT_LENGTH = 24;

/** The schedule id of a dispute's due date. */
export function dueEntryId(dueAt: string, disputeId: string): string {
  return `${DUE_PREFIX}${dueAt}/${disputeId}`;
}

/** The schedule id of one reminder. */
export function alertEntryId(alertAt: string, disputeId: string, leadTimeMs: number): string {
  return `${ALERT_PREFIX}${alertAt}/${disputeId}/${leadTimeMs}`;
}

/** The instant a schedule entry is due at: the ISO time after its prefix. */
export function entryTime(entryId: string, prefix: string): string {
  return entryId.slice(prefix.length, prefix.length + ISO_INSTANT_LENGTH);
}
