import { err, ok, type Result } from '@strongroom/kernel';
import type { InvalidStreamIdError } from './event-store-error.js';

/** Longest stream id: leaves room in a 256-character record id for the version suffix. */
export const STREAM_ID_MAX_LENGTH = 200;

/**
 * What a stream id may contain: an aggregate id (`dsp_01h…`) or a `kind:id` pair. No `/`, which
 * separates the stream from the version in record keys.
 */
export const STREAM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** Checks a stream id; ids usually come from code, but some are built from caller input. */
export function checkStreamId(streamId: string): Result<string, InvalidStreamIdError> {
  if (streamId.length === 0) return err({ type: 'events.invalid_stream_id', reason: 'empty' });
  if (streamId.length > STREAM_ID_MAX_LENGTH)
    return err({ type: 'events.invalid_stream_id', reason: 'too_long' });
  if (!STREAM_ID_PATTERN.test(streamId))
    return err({ type: 'events.invalid_stream_id', reason: 'bad_characters' });
  return ok(streamId);
}
