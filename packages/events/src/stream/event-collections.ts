/**
 * Where the event store keeps its records. A stream is a head record (its version) plus one record
 * per event; sequencing adds a position record per event and removes its unsequenced marker.
 */
export const EVENT_COLLECTIONS = {
  /** One per stream: `{ version }`, rewritten by every append (the optimistic lock). */
  streams: 'events.streams',
  /** One per event, keyed `<streamId>/<version, 10 digits>`. */
  streamEvents: 'events.stream_events',
  /** One per event not yet sequenced, keyed by event id (time-ordered): the sequencer's queue. */
  unsequenced: 'events.unsequenced',
  /** One per sequenced event, keyed by its position (16 digits): `{ streamId, streamVersion }`. */
  positions: 'events.positions',
  /** One per tenant: the last position given out; written only by the sequencer. */
  sequenceHead: 'events.sequence_head',
} as const;

/** The only record of {@link EVENT_COLLECTIONS.sequenceHead}. */
export const SEQUENCE_HEAD_ID = 'head';

/** Most events one stream holds: versions are stored as 10 digits. */
export const STREAM_VERSION_MAX = 9_999_999_999;

/** Most events a tenant's log holds: positions are stored as 16 digits (below 2^53). */
export const GLOBAL_POSITION_MAX = 9_007_199_254_740_991;

/** The record id of one event of a stream. */
export function streamEventKey(streamId: string, version: number): string {
  return `${streamId}/${version.toString().padStart(10, '0')}`;
}

/** The record id of one global position; zero-padded so ids sort as numbers. */
export function positionKey(position: number): string {
  return position.toString().padStart(16, '0');
}
