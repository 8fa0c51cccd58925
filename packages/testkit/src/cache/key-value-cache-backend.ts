import type { KeyValueCache } from '@strongroom/kernel';
import type { StoreUnderTest, TimedStoreBackend } from '../timed-store/timed-store-backend.js';

/** A cache made for a test run. */
export interface KeyValueCacheUnderTest extends StoreUnderTest {
  /** The cache the suite exercises. */
  readonly cache: KeyValueCache;
}

/** One row of a cache conformance run. */
export type KeyValueCacheBackend = TimedStoreBackend<KeyValueCacheUnderTest>;
