import {
  assert,
  ok,
  type ResultAsync,
  type Storage,
  type StorageError,
  type StoredRecord,
  type TenantId,
} from '@strongroom/kernel';
import {
  EVENT_COLLECTIONS,
  GLOBAL_POSITION_MAX,
  positionKey,
  SEQUENCE_HEAD_ID,
} from '../stream/event-collections.js';

/** Most events one sequencing batch takes, before the storage's own write limit. */
export const SEQUENCE_BATCH_MAX = 500;

/** What one sequencing batch did. */
export interface SequencingOutcome {
  /** Events given a position by this batch; 0 when the queue was empty. */
  readonly sequenced: number;
  /** The tenant's last position after the batch. */
  readonly lastPosition: number;
}

/** How {@link sequenceEvents} runs. */
export interface SequenceOptions {
  /** Events per batch, 1..{@link SEQUENCE_BATCH_MAX}; capped by what one transaction may write. */
  readonly batchSizeMax?: number;
}

/**
 * Within a batch, events of one stream take the batch's slots in version order, whatever their
 * id order: ids come from the clocks of the appending processes, versions from the stream.
 */
function inStreamOrder(queued: readonly StoredRecord[]): StoredRecord[] {
  const byStream = new Map<string, StoredRecord[]>();
  for (const record of queued) {
    const streamId = record.data['streamId'] as string;
    const list = byStream.get(streamId) ?? [];
    list.push(record);
    byStream.set(streamId, list);
  }
  for (const list of byStream.values())
    list.sort((a, b) => (a.data['streamVersion'] as number) - (b.data['streamVersion'] as number));
  const taken = new Map<string, number>();
  return queued.map((record) => {
    const streamId = record.data['streamId'] as string;
    const index = taken.get(streamId) ?? 0;
    taken.set(streamId, index + 1);
    const next = byStream.get(streamId)?.[index];
    assert(next !== undefined, 'each stream fills exactly its own slots');
    return next;
  });
}

/**
 * Gives the tenant's committed, unsequenced events their global positions, one batch in one
 * transaction: positions are gap-free and follow commit order across batches. The tenant's
 * position head is written conditionally, so any number of processes may sequence at once: for
 * each batch one wins, the others get `storage.conflict` (expected, nothing lost or doubled).
 */
export function sequenceEvents(
  storage: Storage,
  tenantId: TenantId,
  options: SequenceOptions = {},
): ResultAsync<SequencingOutcome, StorageError> {
  const requested = options.batchSizeMax ?? SEQUENCE_BATCH_MAX;
  assert(
    Number.isInteger(requested) && requested >= 1 && requested <= SEQUENCE_BATCH_MAX,
    `a sequencing batch takes 1 to ${SEQUENCE_BATCH_MAX} events`,
  );
  // Each event costs two writes (its position, its dequeued marker), plus one for the head.
  const batchSize = Math.min(requested, Math.floor((storage.limits.writesPerTransaction - 1) / 2));
  assert(batchSize >= 1, 'the storage allows a transaction to sequence at least one event');
  return storage.transaction(
    tenantId,
    async (tx) => {
      const head = await tx.records.get(EVENT_COLLECTIONS.sequenceHead, SEQUENCE_HEAD_ID);
      const before = head === undefined ? 0 : (head.data['position'] as number);
      const queue = await tx.records.list(EVENT_COLLECTIONS.unsequenced, { limit: batchSize });
      if (queue.items.length === 0) return ok({ sequenced: 0, lastPosition: before });
      assert(before + queue.items.length <= GLOBAL_POSITION_MAX, 'positions stay below 2^53');
      let position = before;
      for (const marker of inStreamOrder(queue.items)) {
        position += 1;
        await tx.records.put({
          collection: EVENT_COLLECTIONS.positions,
          id: positionKey(position),
          data: {
            streamId: marker.data['streamId'] as string,
            streamVersion: marker.data['streamVersion'] as number,
          },
          expectedVersion: 0,
        });
        await tx.records.delete({
          collection: EVENT_COLLECTIONS.unsequenced,
          id: marker.id,
          expectedVersion: marker.version,
        });
      }
      await tx.records.put({
        collection: EVENT_COLLECTIONS.sequenceHead,
        id: SEQUENCE_HEAD_ID,
        data: { position },
        expectedVersion: head?.version ?? 0,
      });
      return ok({ sequenced: queue.items.length, lastPosition: position });
    },
    // Every write is conditional (the head at its version, each marker at its version, each
    // position new), so READ COMMITTED is safe and spares the sequencer the serialization
    // failures that concurrent appends to the queue would cause; a lost race with another
    // sequencer is a conflict, and a few attempts suffice since the winner drained the batch.
    { maxAttempts: 3, isolation: 'read_committed' },
  );
}
