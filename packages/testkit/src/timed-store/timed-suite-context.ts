import type { TenantId } from '@strongroom/kernel';
import type { TestContext } from 'vitest';

/** What every group of cases of a timed-store suite receives. */
export interface TimedSuiteContext<UnderTest> {
  /** The store this backend shares across cases. */
  underTest(): UnderTest;
  /**
   * The store, once broken, for the cases of the last group; skips the calling case when the
   * backend cannot break its store.
   */
  brokenStore(test: TestContext): UnderTest;
  /** Whether time passes for real (see {@link TimedStoreBackend.usesStoreTime}). */
  readonly usesStoreTime: boolean;
  /** The instant the store takes as now, in epoch milliseconds. */
  nowMs(): number;
  /** Lets `durationMs` pass for the store: moves the fake clock, or waits for real. */
  advance(durationMs: number): Promise<void>;
  /** A tenant no other case uses. */
  tenant(): TenantId;
}

/**
 * Calls `fn` inside an async function, so that an adapter that throws synchronously and one that
 * rejects look alike to `expect(…).rejects`.
 */
export async function called<T>(fn: () => Promise<T>): Promise<T> {
  return fn();
}
