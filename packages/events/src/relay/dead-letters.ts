import {
  assert,
  type Cursor,
  type EventJson,
  eventFromJson,
  ok,
  type Page,
  type Result,
  type Storage,
  type StorageError,
  type TenantId,
} from '@strongroom/kernel';
import { RELAY_COLLECTIONS } from './relay-collections.js';

/** Most dead letters one replay call moves back to the outbox. */
export const REPLAY_BATCH_MAX = 100;

/** An event on the error bus: what failed, why, and how often. */
export interface DeadLetter {
  readonly event: EventJson;
  readonly reason: string;
  readonly attempts: number;
  /** The publisher that refused it. */
  readonly publisher: string;
  readonly deadLetteredAt: string;
}

/** A page of the tenant's dead letters, oldest event first. */
export async function listDeadLetters(
  storage: Storage,
  tenantId: TenantId,
  page: { readonly limit: number; readonly after?: Cursor },
): Promise<Result<Page<DeadLetter>, StorageError>> {
  return storage.transaction(tenantId, async (tx) => {
    const records = await tx.records.list(RELAY_COLLECTIONS.deadLetters, page);
    return ok({
      items: records.items.map((record) => record.data as unknown as DeadLetter),
      next: records.next,
    });
  });
}

/**
 * Puts dead letters back into the outbox (under their original ids, so consumers that did see
 * them deduplicate) and removes them from the error bus, in one transaction. Unknown ids are
 * skipped. Answers how many were replayed. Fix the cause first: a replayed event that fails
 * again goes back to the error bus after the relay's retries.
 */
export async function replayDeadLetters(
  storage: Storage,
  tenantId: TenantId,
  eventIds: readonly string[],
): Promise<Result<number, StorageError>> {
  assert(
    eventIds.length >= 1 && eventIds.length <= REPLAY_BATCH_MAX,
    `a replay moves 1 to ${REPLAY_BATCH_MAX} dead letters`,
  );
  return storage.transaction(tenantId, async (tx) => {
    const records = await tx.records.getMany(RELAY_COLLECTIONS.deadLetters, [...new Set(eventIds)]);
    const found = records.filter((record) => record !== undefined);
    if (found.length === 0) return ok(0);
    await tx.outbox.append(found.map((record) => eventFromJson(record.data['event'] as EventJson)));
    for (const record of found) {
      await tx.records.delete({
        collection: RELAY_COLLECTIONS.deadLetters,
        id: record.id,
        expectedVersion: record.version,
      });
    }
    return ok(found.length);
  });
}
