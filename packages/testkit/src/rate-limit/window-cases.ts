import { expect, it } from 'vitest';
import {
  consumed,
  type RateLimitSuiteContext,
  suitePolicy,
  WINDOW_MS,
} from './rate-limit-suite-context.js';

const BLOCK_MS = 2 * WINDOW_MS;
// A store that keeps its own time rounds to whole milliseconds and may read its clock a moment
// before ours: a few ms of slack on its retry hint, far from the 600 ms the case tells apart.
const STORE_TIME_SLACK_MS = 25;

/**
 * Windows are fixed from a key's first consumption; a block outlasts the window. Cases that let
 * time pass keep hundreds of milliseconds between a check and the instant it is about, so that
 * a backend waiting for real is not at the mercy of a slow machine; the exact edges are checked
 * where the suite moves a fake clock.
 */
export function defineWindowCases(context: RateLimitSuiteContext): void {
  it('gives every point back when the window that began with the first consumption ends', async () => {
    const { limiter } = context.underTest();
    const tenantId = context.tenant();
    const policy = suitePolicy({ points: 2 });
    expect(await consumed(limiter, tenantId, policy, 'key')).toMatchObject({ remaining: 1 });
    await context.advance(600);
    expect(await consumed(limiter, tenantId, policy, 'key')).toMatchObject({ remaining: 0 });
    const refused = await consumed(limiter, tenantId, policy, 'key');
    expect(refused.allowed).toBe(false);
    // The window runs from the first consumption, not the last: at most 400 ms are left.
    const slackMs = context.usesStoreTime ? STORE_TIME_SLACK_MS : 0;
    expect(refused.retryAfterMs).toBeLessThanOrEqual(WINDOW_MS - 600 + slackMs);
    if (!context.usesStoreTime) {
      await context.advance(WINDOW_MS - 600 - 1);
      expect((await consumed(limiter, tenantId, policy, 'key')).allowed).toBe(false);
      await context.advance(1);
    } else {
      await context.advance(WINDOW_MS - 600);
    }
    // A fixed window, not a sliding one: both points are back, though one was spent 400 ms ago.
    expect(await consumed(limiter, tenantId, policy, 'key')).toMatchObject({
      allowed: true,
      remaining: 1,
    });
  });

  it('keeps refusing for blockDurationMs from the first refusal, past the end of the window', async () => {
    const { limiter } = context.underTest();
    const tenantId = context.tenant();
    const policy = suitePolicy({ points: 2, blockDurationMs: BLOCK_MS });
    await consumed(limiter, tenantId, policy, 'key');
    await consumed(limiter, tenantId, policy, 'key');
    const blocked = await consumed(limiter, tenantId, policy, 'key');
    expect(blocked).toMatchObject({ allowed: false, remaining: 0 });
    expect(blocked.retryAfterMs).toBeGreaterThan(WINDOW_MS);
    expect(blocked.retryAfterMs).toBeLessThanOrEqual(BLOCK_MS);

    await context.advance(WINDOW_MS + 200);
    const stillBlocked = await consumed(limiter, tenantId, policy, 'key');
    expect(stillBlocked.allowed).toBe(false);
    expect(stillBlocked.retryAfterMs).toBeLessThanOrEqual(BLOCK_MS - WINDOW_MS - 200);
    if (!context.usesStoreTime) {
      await context.advance(BLOCK_MS - WINDOW_MS - 200 - 1);
      expect((await consumed(limiter, tenantId, policy, 'key')).allowed).toBe(false);
      await context.advance(1);
    } else {
      await context.advance(BLOCK_MS - WINDOW_MS - 200);
    }
    expect(await consumed(limiter, tenantId, policy, 'key')).toMatchObject({
      allowed: true,
      remaining: 1,
    });
  });

  it('without a block, refuses only until the window ends', async () => {
    const { limiter } = context.underTest();
    const tenantId = context.tenant();
    const policy = suitePolicy({ points: 1 });
    await consumed(limiter, tenantId, policy, 'key');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await consumed(limiter, tenantId, policy, 'key')).allowed).toBe(false);
    }
    await context.advance(WINDOW_MS);
    // Refused consumptions neither extended the window nor carried over into the next one.
    expect(await consumed(limiter, tenantId, policy, 'key')).toMatchObject({
      allowed: true,
      remaining: 0,
    });
  });
}
