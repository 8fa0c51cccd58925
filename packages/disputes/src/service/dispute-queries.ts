import {
  type Cursor,
  decodeCursor,
  encodeCursor,
  err,
  ok,
  type Page,
  parsePageRequest,
  type Result,
  type StorageError,
  type TenantId,
} from '@strongroom/kernel';
import type { CommandSource } from '../lifecycle/command-source.js';
import type { Dispute } from '../lifecycle/dispute-state.js';
import type { DisputeStatus } from '../lifecycle/dispute-status.js';
import {
  DISPUTE_COLLECTIONS,
  DUE_PREFIX,
  disputeStreamId,
  entryTime,
} from './dispute-collections.js';
import type { DisputesDependencies } from './disputes-dependencies.js';
import type { DisputesError } from './disputes-error.js';

/** Most disputes or timeline entries one query returns. */
export const DISPUTE_PAGE_LIMIT_MAX = 200;

/** One entry of a dispute's timeline: what happened, when, and who said so. */
export interface DisputeTimelineEntry {
  readonly version: number;
  readonly type: string;
  /** When it happened, as the command said (a provider's event time for a notice). */
  readonly occurredAt: string;
  /** When the service recorded it. */
  readonly recordedAt: string;
  /** The audit actor of the command (`service:provider:stripe`, `user:usr_…`). */
  readonly actor: string | null;
  readonly source: CommandSource | null;
  /** The request that caused it (the event's causation id), `null` for the sweep's own events. */
  readonly requestId: string | null;
  /** The id the caller's chain of requests shares, when it sent one. */
  readonly correlationId: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Which disputes a list query returns, each ordered by its index. */
export type DisputeListQuery =
  | { readonly by: 'status'; readonly status: DisputeStatus }
  | { readonly by: 'merchant'; readonly merchantAccountId: string }
  /** Open disputes due by an instant (default: any time), soonest first. */
  | { readonly by: 'deadline'; readonly dueBefore?: Date };

/** A page of a list query. */
export interface DisputePageRequest {
  readonly limit: number;
  readonly after?: Cursor;
}

function checkLimit(limit: number): Result<number, DisputesError> {
  if (!Number.isInteger(limit) || limit < 1 || limit > DISPUTE_PAGE_LIMIT_MAX)
    return err({ type: 'validation', field: 'limit', reason: 'out_of_range' });
  return ok(limit);
}

/** The dispute as of its last command, or `null` when there is none. */
export async function getDispute(
  dependencies: DisputesDependencies,
  tenantId: TenantId,
  disputeId: string,
): Promise<Result<Dispute | null, StorageError>> {
  return dependencies.storage.transaction(tenantId, async (tx) => {
    const record = await tx.records.get(DISPUTE_COLLECTIONS.summaries, disputeId);
    return ok(record === undefined ? null : (record.data as unknown as Dispute));
  });
}

/** Every event of a dispute in order, with actor and time: the case file's history. */
export async function disputeTimeline(
  dependencies: DisputesDependencies,
  tenantId: TenantId,
  disputeId: string,
  page: { readonly fromVersion?: number; readonly limit: number },
): Promise<Result<DisputeTimelineEntry[], DisputesError>> {
  const limit = checkLimit(page.limit);
  if (limit.isErr()) return err(limit.error);
  const fromVersion = page.fromVersion ?? 1;
  if (!Number.isSafeInteger(fromVersion) || fromVersion < 1)
    return err({ type: 'validation', field: 'fromVersion', reason: 'out_of_range' });
  const read = await dependencies.storage.transaction(tenantId, (tx) =>
    dependencies.store.readStream(tx, disputeStreamId(disputeId), {
      fromVersion,
      limit: limit.value,
    }),
  );
  if (read.isErr()) return err(read.error);
  return ok(
    read.value.events.map((event) => ({
      version: event.streamVersion,
      type: event.type,
      occurredAt:
        (event.payload['occurredAt'] as string | undefined) ?? event.occurredAt.toISOString(),
      recordedAt: event.occurredAt.toISOString(),
      actor: event.metadata.actor,
      source: (event.payload['source'] as CommandSource | undefined) ?? null,
      requestId: event.metadata.causationId,
      correlationId: event.metadata.correlationId,
      payload: event.payload,
    })),
  );
}

function prefixOf(query: DisputeListQuery): { collection: string; prefix: string } {
  switch (query.by) {
    case 'status':
      return { collection: DISPUTE_COLLECTIONS.byStatus, prefix: `${query.status}/` };
    case 'merchant':
      return { collection: DISPUTE_COLLECTIONS.byMerchant, prefix: `${query.merchantAccountId}/` };
    case 'deadline':
      return { collection: DISPUTE_COLLECTIONS.schedule, prefix: DUE_PREFIX };
  }
}

/**
 * A page of disputes by status, by merchant, or by deadline (soonest first), read from an index
 * whose ids start with what is asked, so a page reads about `limit` index records however many
 * disputes the tenant has.
 */
export async function listDisputes(
  dependencies: DisputesDependencies,
  tenantId: TenantId,
  query: DisputeListQuery,
  page: DisputePageRequest,
): Promise<Result<Page<Dispute>, DisputesError>> {
  const limit = checkLimit(page.limit);
  if (limit.isErr()) return err(limit.error);
  const parsed = parsePageRequest({ limit: limit.value, after: page.after });
  if (parsed.isErr()) return err(parsed.error);
  const { collection, prefix } = prefixOf(query);
  const dueBefore = query.by === 'deadline' ? query.dueBefore?.toISOString() : undefined;
  const start = parsed.value.after === undefined ? prefix : decodeCursor(parsed.value.after);
  // A cursor from another query would page through someone else's index: refused.
  if (!start.startsWith(prefix))
    return err({ type: 'validation', field: 'after', reason: 'bad_format' });
  return dependencies.storage.transaction(tenantId, async (tx) => {
    const listed = await tx.records.list(collection, {
      limit: limit.value,
      after: encodeCursor(start),
    });
    const matching = [];
    for (const record of listed.items) {
      if (!record.id.startsWith(prefix)) break;
      if (dueBefore !== undefined && entryTime(record.id, prefix) > dueBefore) break;
      matching.push(record.id);
    }
    const disputeIds = matching.map((id) => id.slice(id.lastIndexOf('/') + 1));
    const summaries =
      disputeIds.length === 0
        ? []
        : await tx.records.getMany(DISPUTE_COLLECTIONS.summaries, disputeIds);
    const items = summaries
      .filter((record) => record !== undefined)
      .map((record) => record.data as unknown as Dispute);
    const last = matching.at(-1);
    const complete = matching.length < listed.items.length || listed.next === null;
    return ok({ items, next: complete || last === undefined ? null : encodeCursor(last) });
  });
}
