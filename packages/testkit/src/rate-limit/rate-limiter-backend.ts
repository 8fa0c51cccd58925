import type { RateLimiter } from '@strongroom/kernel';
import type { StoreUnderTest, TimedStoreBackend } from '../timed-store/timed-store-backend.js';

/** A rate limiter made for a test run. */
export interface RateLimiterUnderTest extends StoreUnderTest {
  /** The limiter the suite exercises. */
  readonly limiter: RateLimiter;
}

/** One row of a rate-limiter conformance run. */
export type RateLimiterBackend = TimedStoreBackend<RateLimiterUnderTest>;
