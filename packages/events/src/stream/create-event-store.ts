import {
  assert,
  type Clock,
  type EventEnvelope,
  err,
  type IdGenerator,
  ok,
  type Result,
  resolveIdGenerator,
  type StorageTransaction,
  type StoredRecord,
  systemClock,
} from '@strongroom/kernel';
import {
  EVENT_COLLECTIONS,
  positionKey,
  SEQUENCE_HEAD_ID,
  STREAM_VERSION_MAX,
  streamEventKey,
} from './event-collections.js';
import type {
  AllSlice,
  AppendOptions,
  AppendReceipt,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StreamSlice,
} from './event-store.js';
import type { EventStoreError } from './event-store-error.js';
import type { NewEvent } from './new-event.js';
import type { RecordedEvent } from './recorded-event.js';
import { fromStoredEvent, toStoredEvent } from './stored-event.js';
import { checkStreamId } from './stream-id.js';
import { type Upcaster, Upcasters } from './upcasters.js';

/** Most events one read returns, and most one append writes. */
export const STREAM_READ_LIMIT_MAX = 1_000;

/** Most streams one `readStreams` call reads. */
export const STREAMS_READ_MAX = 256;

// The version a stream's head record holds: 0 for a stream that does not exist.
function streamVersionOf(head: StoredRecord | undefined): number {
  return head === undefined ? 0 : (head.data['version'] as number);
}

/** How to build the event store. */
export interface EventStoreOptions {
  /** Mints event ids; deterministic in tests. */
  readonly ids?: IdGenerator;
  /** Stamps `occurredAt`. */
  readonly clock?: Clock;
  /** Applied on every read, oldest schema version first. */
  readonly upcasters?: readonly Upcaster[];
}

/**
 * The event store on the storage port's records, so it runs on every adapter that passes the
 * storage suite. A stream's head record is its optimistic lock: an append rewrites it at the
 * version read, so two appends based on one version cannot both commit. Appends add each event to
 * the sequencer's queue (no hot row: each marker has its own key) and to the outbox.
 */
export function createEventStore(options: EventStoreOptions = {}): EventStore {
  const ids = resolveIdGenerator(options.ids);
  const clock = options.clock ?? systemClock;
  const upcasters = new Upcasters(options.upcasters ?? []);

  async function streamHead(tx: StorageTransaction, streamId: string) {
    const head = await tx.records.get(EVENT_COLLECTIONS.streams, streamId);
    return { version: streamVersionOf(head), recordVersion: head?.version ?? 0 };
  }

  async function appendToStream(
    tx: StorageTransaction,
    streamId: string,
    events: readonly NewEvent[],
    append: AppendOptions,
  ): Promise<Result<AppendReceipt, EventStoreError>> {
    const checked = checkStreamId(streamId);
    if (checked.isErr()) return err(checked.error);
    assert(
      events.length >= 1 && events.length <= STREAM_READ_LIMIT_MAX,
      `an append writes 1 to ${STREAM_READ_LIMIT_MAX} events`,
    );
    const head = await streamHead(tx, streamId);
    if (append.expectedVersion !== 'any' && append.expectedVersion !== head.version) {
      return err({
        type: 'events.version_conflict',
        streamId,
        expectedVersion: append.expectedVersion,
        actualVersion: head.version,
      });
    }
    const nextVersion = head.version + events.length;
    assert(nextVersion <= STREAM_VERSION_MAX, 'a stream holds at most 10^10 events');
    const occurredAt = clock.now();
    const recorded: RecordedEvent[] = events.map((event, index) => {
      const schemaVersion = event.schemaVersion ?? 1;
      assert(Number.isInteger(schemaVersion) && schemaVersion >= 1, 'schemaVersion starts at 1');
      return {
        id: ids.next('evt'),
        type: event.type,
        schemaVersion,
        payload: event.payload,
        streamId,
        streamVersion: head.version + index + 1,
        globalPosition: null,
        metadata: append.metadata,
        occurredAt,
      };
    });
    await tx.records.put({
      collection: EVENT_COLLECTIONS.streams,
      id: streamId,
      data: { version: nextVersion },
      expectedVersion: head.recordVersion,
    });
    const outbox: EventEnvelope[] = [];
    for (const event of recorded) {
      await tx.records.put({
        collection: EVENT_COLLECTIONS.streamEvents,
        id: streamEventKey(streamId, event.streamVersion),
        data: toStoredEvent(event),
        expectedVersion: 0,
      });
      await tx.records.put({
        collection: EVENT_COLLECTIONS.unsequenced,
        id: event.id,
        data: { streamId, streamVersion: event.streamVersion },
        expectedVersion: 0,
      });
      outbox.push({
        id: event.id,
        tenantId: tx.tenantId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        payload: event.payload,
        occurredAt,
        correlationId: event.metadata.correlationId,
        causationId: event.metadata.causationId,
        streamId,
        streamVersion: event.streamVersion,
        actor: event.metadata.actor,
      });
    }
    await tx.outbox.append(outbox);
    return ok({ nextExpectedVersion: nextVersion, events: recorded });
  }

  // The stored events of `keys` (each `streamEventKey`), upcast, in the order of the keys; one
  // statement per STREAM_READ_LIMIT_MAX keys.
  async function readEvents(tx: StorageTransaction, keys: readonly string[]) {
    const events: RecordedEvent[] = [];
    for (let start = 0; start < keys.length; start += STREAM_READ_LIMIT_MAX) {
      const chunk = keys.slice(start, start + STREAM_READ_LIMIT_MAX);
      for (const record of await tx.records.getMany(EVENT_COLLECTIONS.streamEvents, chunk)) {
        assert(record !== undefined, 'every version up to the head of a stream is stored');
        events.push(upcasters.apply(fromStoredEvent(record, null)));
      }
    }
    return events;
  }

  function eventKeys(streamId: string, fromVersion: number, lastVersion: number): string[] {
    const keys: string[] = [];
    for (let version = fromVersion; version <= lastVersion; version += 1)
      keys.push(streamEventKey(streamId, version));
    return keys;
  }

  async function readStream(
    tx: StorageTransaction,
    streamId: string,
    read: ReadStreamOptions = {},
  ): Promise<Result<StreamSlice, EventStoreError>> {
    const checked = checkStreamId(streamId);
    if (checked.isErr()) return err(checked.error);
    const fromVersion = read.fromVersion ?? 1;
    const limit = read.limit ?? STREAM_READ_LIMIT_MAX;
    assert(Number.isInteger(fromVersion) && fromVersion >= 1, 'a stream is read from version 1 on');
    assert(
      Number.isInteger(limit) && limit >= 1 && limit <= STREAM_READ_LIMIT_MAX,
      `a stream read returns 1 to ${STREAM_READ_LIMIT_MAX} events`,
    );
    const head = await streamHead(tx, streamId);
    const lastVersion = Math.min(head.version, fromVersion + limit - 1);
    const events = await readEvents(tx, eventKeys(streamId, fromVersion, lastVersion));
    return ok({ streamVersion: head.version, events });
  }

  async function readStreams(
    tx: StorageTransaction,
    streamIds: readonly string[],
  ): Promise<Result<StreamSlice[], EventStoreError>> {
    assert(
      streamIds.length >= 1 && streamIds.length <= STREAMS_READ_MAX,
      `one call reads 1 to ${STREAMS_READ_MAX} streams`,
    );
    assert(new Set(streamIds).size === streamIds.length, 'the streams read at once are distinct');
    for (const streamId of streamIds) {
      const checked = checkStreamId(streamId);
      if (checked.isErr()) return err(checked.error);
    }
    const heads = await tx.records.getMany(EVENT_COLLECTIONS.streams, streamIds);
    const versions = heads.map(streamVersionOf);
    const keys = streamIds.flatMap((streamId, index) =>
      eventKeys(streamId, 1, Math.min(versions[index] ?? 0, STREAM_READ_LIMIT_MAX)),
    );
    const events = await readEvents(tx, keys);
    let next = 0;
    return ok(
      versions.map((streamVersion) => {
        const count = Math.min(streamVersion, STREAM_READ_LIMIT_MAX);
        next += count;
        return { streamVersion, events: events.slice(next - count, next) };
      }),
    );
  }

  async function readAll(tx: StorageTransaction, read: ReadAllOptions): Promise<AllSlice> {
    const afterPosition = read.afterPosition ?? 0;
    assert(
      Number.isSafeInteger(afterPosition) && afterPosition >= 0,
      'positions are whole numbers',
    );
    assert(
      Number.isInteger(read.limit) && read.limit >= 1 && read.limit <= STREAM_READ_LIMIT_MAX,
      `a read returns 1 to ${STREAM_READ_LIMIT_MAX} events`,
    );
    const headRecord = await tx.records.get(EVENT_COLLECTIONS.sequenceHead, SEQUENCE_HEAD_ID);
    const head = headRecord === undefined ? 0 : (headRecord.data['position'] as number);
    const lastPosition = Math.min(head, afterPosition + read.limit);
    if (lastPosition <= afterPosition) return { events: [], lastPosition: afterPosition };
    const positions: number[] = [];
    for (let position = afterPosition + 1; position <= lastPosition; position += 1)
      positions.push(position);
    const pointers = await tx.records.getMany(
      EVENT_COLLECTIONS.positions,
      positions.map(positionKey),
    );
    const keys = pointers.map((pointer) => {
      assert(pointer !== undefined, 'every position up to the sequence head is stored');
      return streamEventKey(
        pointer.data['streamId'] as string,
        pointer.data['streamVersion'] as number,
      );
    });
    const records = await tx.records.getMany(EVENT_COLLECTIONS.streamEvents, keys);
    const events = records.map((record, index) => {
      assert(record !== undefined, 'a position points at a stored event');
      return upcasters.apply(fromStoredEvent(record, positions[index] ?? null));
    });
    return { events, lastPosition };
  }

  return { appendToStream, readStream, readStreams, readAll };
}
