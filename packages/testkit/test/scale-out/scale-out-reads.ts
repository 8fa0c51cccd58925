import { AUDIT_COLLECTIONS } from '@strongroom/audit';
import { DISPUTE_COLLECTIONS } from '@strongroom/disputes';
import {
  type Cursor,
  type DomainError,
  type EventEnvelope,
  ok,
  type Result,
  type Storage,
  type StoredRecord,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { LEDGER_COLLECTIONS } from '@strongroom/ledger';
import { readRedisStreamEvents } from '@strongroom/redis';
import type { Redis } from 'ioredis';

// Every read of the test is bounded: the workload writes far fewer than this many pages.
const PAGES_MAX = 1_000;
const PAGE_LIMIT = 1_000;

/** Every item of a paged read, following `next` until it is null. */
export async function allPages<Item, E extends DomainError<string>>(
  read: (
    after: Cursor | undefined,
  ) => PromiseLike<Result<{ items: readonly Item[]; next: Cursor | null }, E>>,
): Promise<Item[]> {
  const items: Item[] = [];
  let after: Cursor | undefined;
  for (let page = 0; page < PAGES_MAX; page += 1) {
    const answer = unwrapOrThrow(await read(after));
    items.push(...answer.items);
    if (answer.next === null) return items;
    after = answer.next;
  }
  throw new Error(`more than ${PAGES_MAX} pages`);
}

/** Every record of a collection of the tenant, read through the storage port. */
export function listRecords(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
): Promise<StoredRecord[]> {
  return allPages((after) =>
    storage.transaction(tenantId, async (tx) =>
      ok(
        await tx.records.list(collection, {
          limit: PAGE_LIMIT,
          ...(after === undefined ? {} : { after }),
        }),
      ),
    ),
  );
}

/** The tenant's outbox events not yet relayed. */
export function listOutbox(storage: Storage, tenantId: TenantId): Promise<EventEnvelope[]> {
  return allPages((after) =>
    storage.transaction(tenantId, async (tx) =>
      ok(await tx.outbox.list({ limit: PAGE_LIMIT, ...(after === undefined ? {} : { after }) })),
    ),
  );
}

/** What a consumer read from the Redis stream: every entry's event, duplicates included. */
export async function readWholeStream(client: Redis, streamKey: string): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  let afterEntryId: string | undefined;
  for (let page = 0; page < PAGES_MAX; page += 1) {
    const entries = unwrapOrThrow(
      await readRedisStreamEvents(client, streamKey, {
        count: PAGE_LIMIT,
        ...(afterEntryId === undefined ? {} : { afterEntryId }),
      }),
    );
    if (entries.length === 0) return events;
    for (const entry of entries) {
      if ('malformed' in entry) throw new Error(`malformed stream entry ${entry.entryId}`);
      events.push(entry.event);
    }
    afterEntryId = entries.at(-1)?.entryId;
  }
  throw new Error(`more than ${PAGES_MAX} pages of stream entries`);
}

/**
 * The background work of the tenant that is still to do at `now`: unsequenced audit leaves, events
 * not relayed, holds due for release, dispute deadlines or reminders due. Empty once the workers
 * have caught up.
 */
export async function unfinishedWork(
  storage: Storage,
  tenantId: TenantId,
  now: Date,
): Promise<string[]> {
  const unfinished: string[] = [];
  const leaves = await listRecords(storage, tenantId, AUDIT_COLLECTIONS.pending);
  if (leaves.length > 0) unfinished.push(`${leaves.length} audit leaves`);
  const outbox = await listOutbox(storage, tenantId);
  if (outbox.length > 0) unfinished.push(`${outbox.length} outbox events`);
  const holds = await listRecords(storage, tenantId, LEDGER_COLLECTIONS.expiries);
  if (holds.length > 0) unfinished.push(`${holds.length} holds with a timeout`);
  // Schedule ids are `due/<ISO instant>/…` and `alert/<ISO instant>/…`.
  const due = (await listRecords(storage, tenantId, DISPUTE_COLLECTIONS.schedule)).filter(
    (entry) => (entry.id.split('/')[1] ?? '') <= now.toISOString(),
  );
  if (due.length > 0) unfinished.push(`${due.length} dispute deadlines or reminders`);
  return unfinished;
}
