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
  /** `<dueAt ISO>/<disputeId>` for open disputes with a due response: the sweep's queue. */
  byDeadline: 'disputes.by_deadline',
  /** `<alertAt ISO>/<disputeId>/<leadTimeMs>`: reminders not sent yet. */
  alerts: 'disputes.alerts',
  /** `<provider>:<providerDisputeId>` → the dispute id, so provider notices find their dispute. */
  byProvider: 'disputes.by_provider',
} as const;

/** The event stream of a dispute is keyed by its id. */
export function disputeStreamId(disputeId: string): string {
  return disputeId;
}
