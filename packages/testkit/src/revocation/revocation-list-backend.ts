import type { RevocationList } from '@strongroom/identity';
import type { StoreUnderTest, TimedStoreBackend } from '../timed-store/timed-store-backend.js';

/** A revocation list made for a test run. */
export interface RevocationListUnderTest extends StoreUnderTest {
  /** The list the suite exercises. */
  readonly revocations: RevocationList;
}

/** One row of a revocation-list conformance run. */
export type RevocationListBackend = TimedStoreBackend<RevocationListUnderTest>;
