import type { FakeClock } from '@strongroom/kernel';

/** How often the fake clock catches up with real time. */
const FOLLOW_INTERVAL_MS = 50;

/**
 * Moves the harness's fake clock along with real time until the returned function is called:
 * leases of idempotency keys (whose release a fault may have prevented) then end as they would in
 * production, instead of holding their key forever.
 */
export function followRealTime(clock: FakeClock): () => void {
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    clock.advance(Math.max(0, now - last));
    last = now;
  }, FOLLOW_INTERVAL_MS);
  return () => clearInterval(timer);
}
