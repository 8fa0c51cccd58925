import type { Clock } from '@strongroom/kernel';

/** A store made for a test run (a rate limiter, a cache, a revocation list) and its release. */
export interface StoreUnderTest {
  /** Closes the store and drops what the backend created for the run. */
  dispose(): Promise<void>;
  /**
   * Makes every later call to the store fail as an unreachable store would (Redis down, the
   * database gone), for the cases that prove failures are reported or let through by policy.
   * It need not be reversible: the suite breaks the store after every other case has run.
   * Without it, those cases are skipped.
   */
  breakStore?(): Promise<void>;
}

/** What the suite hands a backend's factory. */
export interface TimedStoreBackendOptions {
  /**
   * The clock the store must read: a fake clock the suite moves, or the system clock for a
   * backend that {@link TimedStoreBackend.usesStoreTime}.
   */
  readonly clock: Clock;
}

/**
 * One row of a conformance run of a store whose entries expire: a name and a factory. The suite
 * uses fresh tenants in every case, so a backend may share one store across cases.
 */
export interface TimedStoreBackend<UnderTest extends StoreUnderTest> {
  /** Shown in the suite's title, e.g. `memory` or `redis`. */
  readonly name: string;
  /**
   * True when the store keeps time itself (Redis expiries) and cannot follow a fake clock: the
   * suite then waits for real, with windows and lifetimes of about a second, instead of moving
   * a fake clock.
   */
  readonly usesStoreTime?: boolean;
  /** A store on this backend, ready to use. */
  create(options: TimedStoreBackendOptions): Promise<UnderTest>;
}
