import { FakeClock, systemClock } from '@strongroom/kernel';
import { afterAll, beforeAll, describe } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import type { StoreUnderTest, TimedStoreBackend } from './timed-store-backend.js';
import type { TimedSuiteContext } from './timed-suite-context.js';

const sleep = (durationMs: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, durationMs));

// Node's timers run on a monotonic clock and may fire a millisecond before the wall clock, which
// a store keeping its own time reads, has moved on by the whole duration: wait until it has.
async function waitWallClock(durationMs: number): Promise<void> {
  const untilMs = Date.now() + durationMs;
  for (let remainingMs = durationMs; remainingMs > 0; remainingMs = untilMs - Date.now())
    await sleep(remainingMs);
}

/** The two groups of cases of a timed-store suite. */
export interface TimedStoreCases<UnderTest> {
  /** Cases on the working store. */
  readonly working: (context: TimedSuiteContext<UnderTest>) => void;
  /** Cases on the same store once broken; they run last, since breaking cannot be undone. */
  readonly broken: (context: TimedSuiteContext<UnderTest>) => void;
}

/**
 * Declares one backend's block of a timed-store suite: one store per backend, created before
 * its cases and disposed of after them, broken (when the backend can) for the last group.
 */
export function describeTimedStore<UnderTest extends StoreUnderTest>(
  title: string,
  tenantLabel: string,
  backend: TimedStoreBackend<UnderTest>,
  cases: TimedStoreCases<UnderTest>,
): void {
  describe(`${title}: ${backend.name}`, () => {
    const usesStoreTime = backend.usesStoreTime === true;
    const fakeClock = new FakeClock();
    const clock = usesStoreTime ? systemClock : fakeClock;
    let store: UnderTest | undefined;
    let broken = false;
    beforeAll(async () => {
      store = await backend.create({ clock });
    });
    afterAll(async () => {
      await store?.dispose();
    });

    const context: TimedSuiteContext<UnderTest> = {
      underTest() {
        if (store === undefined) throw new Error(`backend ${backend.name} was not created`);
        return store;
      },
      brokenStore(test) {
        if (!broken) return test.skip(`${backend.name} cannot break its store`);
        return context.underTest();
      },
      usesStoreTime,
      nowMs: () => clock.now().getTime(),
      async advance(durationMs) {
        if (usesStoreTime) await waitWallClock(durationMs);
        else fakeClock.advance(durationMs);
      },
      tenant: () => freshTenantId(tenantLabel),
    };

    cases.working(context);
    describe('when the store fails', () => {
      beforeAll(async () => {
        const underTest = context.underTest();
        if (underTest.breakStore === undefined) return;
        await underTest.breakStore();
        broken = true;
      });
      cases.broken(context);
    });
  });
}
