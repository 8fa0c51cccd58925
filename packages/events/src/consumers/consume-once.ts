import {
  assert,
  type Clock,
  err,
  type InfrastructureError,
  ok,
  type PurgeReport,
  type PurgeRequest,
  purgeExpiredRecords,
  type Result,
  type Storage,
  type StorageError,
  type StorageTransaction,
  systemClock,
  type TenantId,
} from '@strongroom/kernel';

/** Where consumers remember the events they processed: one record per consumer and event id. */
export const INBOX_COLLECTION = 'events.inbox';

/** Consumer names: lower-case, stable (they key the inbox). */
export const CONSUMER_NAME_PATTERN = /^[a-z][a-z0-9_.-]{0,62}$/;

/** How long an inbox entry is kept by default: longer than any relay retries an event (30 days). */
export const INBOX_RETENTION_DEFAULT_MS = 30 * 24 * 60 * 60 * 1_000;

/** What {@link consumeOnce} did. */
export type ConsumeOutcome<T> =
  | { readonly status: 'processed'; readonly value: T }
  | { readonly status: 'duplicate' };

/** How {@link consumeOnce} runs. */
export interface ConsumeOptions {
  readonly clock?: Clock;
  /** How long the event id is remembered; default {@link INBOX_RETENTION_DEFAULT_MS}. */
  readonly retentionMs?: number;
}

/**
 * Runs a consumer's handler for one delivered event at most once: the handler's writes and the
 * inbox entry for (consumer, event id) commit in one transaction, so a redelivery, from a relay
 * retry or a second relay, finds the entry and does nothing. The handler may run again after a
 * storage conflict, so it must stay inside the transaction.
 */
export async function consumeOnce<T, E>(
  storage: Storage,
  tenantId: TenantId,
  consumer: string,
  eventId: string,
  handler: (tx: StorageTransaction) => Promise<Result<T, E>>,
  options: ConsumeOptions = {},
): Promise<Result<ConsumeOutcome<T>, E | StorageError>> {
  assert(CONSUMER_NAME_PATTERN.test(consumer), 'consumer names are lower-case identifiers');
  assert(eventId.startsWith('evt_') && eventId.length <= 64, 'an event id carries the evt prefix');
  const retentionMs = options.retentionMs ?? INBOX_RETENTION_DEFAULT_MS;
  assert(retentionMs >= 1, 'an inbox entry is kept for a positive time');
  const clock = options.clock ?? systemClock;
  return storage.transaction(tenantId, async (tx): Promise<Result<ConsumeOutcome<T>, E>> => {
    const key = `${consumer}/${eventId}`;
    if ((await tx.records.get(INBOX_COLLECTION, key)) !== undefined)
      return ok({ status: 'duplicate' });
    const handled = await handler(tx);
    if (handled.isErr()) return err(handled.error);
    await tx.records.put({
      collection: INBOX_COLLECTION,
      id: key,
      data: { expiresAtMs: clock.now().getTime() + retentionMs },
      expectedVersion: 0,
    });
    return ok({ status: 'processed', value: handled.value });
  });
}

/** Deletes inbox entries past their retention, a bounded number of pages per call. */
export function purgeInbox(
  storage: Storage,
  tenantId: TenantId,
  nowMs: number,
  request: PurgeRequest = {},
): Promise<Result<PurgeReport, InfrastructureError>> {
  return purgeExpiredRecords(storage, tenantId, INBOX_COLLECTION, nowMs, request);
}
