import type { IdempotencyStore } from '@strongroom/kernel';
import type { StoreUnderTest, TimedStoreBackend } from '../timed-store/timed-store-backend.js';

/** An idempotency store made for a test run. */
export interface IdempotencyStoreUnderTest extends StoreUnderTest {
  /** The store the suite exercises. */
  readonly store: IdempotencyStore;
}

/** One row of an idempotency-store conformance run. */
export type IdempotencyStoreBackend = TimedStoreBackend<IdempotencyStoreUnderTest>;
