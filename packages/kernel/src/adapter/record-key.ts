import { assert } from '../errors/assert.js';
import { COLLECTION_NAME_PATTERN, RECORD_ID_MAX_LENGTH } from '../storage/records.js';

/**
 * Checks a record's collection and id. Both come from domain code (ids are parsed at the edge),
 * so a bad one is a programmer error: it throws rather than returning a result.
 */
export function assertRecordKey(collection: string, id: string): void {
  assert(COLLECTION_NAME_PATTERN.test(collection), 'collection names are 1-63 of [a-z0-9_.]');
  assert(
    id.length > 0 && id.length <= RECORD_ID_MAX_LENGTH,
    `record ids are 1-${RECORD_ID_MAX_LENGTH} characters`,
  );
}

/** Checks an expected version: 0 (absent) or a version a read returned. */
export function assertExpectedVersion(expectedVersion: number): void {
  assert(
    Number.isSafeInteger(expectedVersion) && expectedVersion >= 0,
    'expectedVersion is a non-negative integer',
  );
}

/**
 * Checks the version a delete names: a delete removes a record the caller has read, so it names
 * version 1 or later. Deleting "an absent record" has no meaning and is refused on every adapter
 * alike as a programmer error.
 */
export function assertDeleteVersion(expectedVersion: number): void {
  assert(
    Number.isSafeInteger(expectedVersion) && expectedVersion >= 1,
    'a delete names the version of an existing record',
  );
}
