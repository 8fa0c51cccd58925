import { AUDIT_COLLECTIONS } from '@strongroom/audit';
import type {
  EventEnvelope,
  JsonObject,
  Storage,
  StorageTransaction,
  TenantId,
} from '@strongroom/kernel';

/** An outbox event one process committed, with the payload fields the invariants read. */
export interface CommittedEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string | null;
  readonly payload: JsonObject;
}

/** What one process committed for the watched tenant: the ground truth the store is checked against. */
export interface StoreRecording {
  /** Audit leaves appended (pending records inserted), in commit order. */
  readonly leafIds: string[];
  /** Outbox events that were part of a committed transaction (not removed within it). */
  readonly events: CommittedEvent[];
  /** Audit batches this process integrated: committed writes of the tree head. */
  auditBatches: number;
}

/** A storage that records what it committed, and the recording. */
export interface RecordingStorage {
  readonly storage: Storage;
  readonly recording: StoreRecording;
}

interface AttemptWrites {
  readonly leafIds: string[];
  readonly events: Map<string, CommittedEvent>;
  auditBatches: number;
}

function observed(tx: StorageTransaction, writes: AttemptWrites): StorageTransaction {
  const { records, outbox } = tx;
  return {
    tenantId: tx.tenantId,
    records: {
      get: (collection, id) => records.get(collection, id),
      getMany: (collection, ids, options) => records.getMany(collection, ids, options),
      list: (collection, page) => records.list(collection, page),
      delete: (target) => records.delete(target),
      async put(write) {
        const stored = await records.put(write);
        if (write.collection === AUDIT_COLLECTIONS.pending && write.expectedVersion === 0)
          writes.leafIds.push(write.id);
        if (write.collection === AUDIT_COLLECTIONS.tree) writes.auditBatches += 1;
        return stored;
      },
    },
    outbox: {
      list: (page) => outbox.list(page),
      async append(events: readonly EventEnvelope[]) {
        await outbox.append(events);
        for (const event of events) {
          writes.events.set(event.id, {
            id: event.id,
            type: event.type,
            streamId: event.streamId ?? null,
            payload: event.payload,
          });
        }
      },
      async remove(ids) {
        await outbox.remove(ids);
        // An event appended and removed in one transaction never becomes visible.
        for (const id of ids) writes.events.delete(id);
      },
    },
  };
}

/**
 * Wraps a real storage adapter so that the leaves, outbox events and audit batches of the watched
 * tenant's committed transactions are recorded; an attempt that conflicts, rolls back or is run
 * again leaves nothing behind. It only observes: every call goes to the adapter unchanged.
 */
export function recordingStorage(inner: Storage, watched: TenantId): RecordingStorage {
  const recording: StoreRecording = { leafIds: [], events: [], auditBatches: 0 };
  const storage: Storage = {
    name: inner.name,
    limits: inner.limits,
    capabilities: inner.capabilities,
    transaction(tenantId, fn, options) {
      let last: AttemptWrites | undefined;
      return inner
        .transaction(
          tenantId,
          (tx) => {
            last = { leafIds: [], events: new Map(), auditBatches: 0 };
            return fn(observed(tx, last));
          },
          options,
        )
        .map((value) => {
          if (last !== undefined && tenantId === watched) {
            recording.leafIds.push(...last.leafIds);
            recording.events.push(...last.events.values());
            recording.auditBatches += last.auditBatches;
          }
          return value;
        });
    },
    close: () => inner.close(),
  };
  return { storage, recording };
}
