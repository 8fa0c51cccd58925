import type { TimedSuiteContext } from '../timed-store/timed-suite-context.js';
import type { KeyValueCacheUnderTest } from './key-value-cache-backend.js';

/** What every group of cache cases receives. */
export type CacheSuiteContext = TimedSuiteContext<KeyValueCacheUnderTest>;

/** The lifetime of most entries: a long one, for cases that let no time pass. */
export const LONG_TTL_MS = 60_000;
