import {
  AssertionFailure,
  RATE_LIMIT_CONSUMPTIONS_MAX,
  type RateLimitDecision,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { called } from '../timed-store/timed-suite-context.js';
import {
  consumed,
  LONG_WINDOW_MS,
  type RateLimitSuiteContext,
  spend,
  suitePolicy,
} from './rate-limit-suite-context.js';

/** Requests counting against the same two limits at once. */
const CONCURRENT_REQUESTS = 12;

/** `consumeMany`: the limits of one request, counted together, each answered as `consume` would. */
export function defineConsumeManyCases(context: RateLimitSuiteContext): void {
  it('answers each limit of a request in order, and counts every one even when another refuses', async () => {
    const { limiter } = context.underTest();
    const tenantId = context.tenant();
    const account = suitePolicy({ name: 'testkit.account', durationMs: LONG_WINDOW_MS });
    const client = suitePolicy({ name: 'testkit.client', points: 5, durationMs: LONG_WINDOW_MS });
    await spend(limiter, tenantId, account, 'alice');
    const decisions = unwrapOrThrow(
      await limiter.consumeMany(tenantId, [
        { policy: account, key: 'alice' },
        { policy: client, key: '192.0.2.1', points: 2 },
      ]),
    );
    expect(decisions).toHaveLength(2);
    expect(decisions[0]).toMatchObject({ allowed: false, limit: 3, remaining: 0 });
    expect(decisions[0]?.retryAfterMs).toBeGreaterThan(0);
    expect(decisions[1]).toMatchObject({ allowed: true, limit: 5, remaining: 3, retryAfterMs: 0 });
    // The refused account limit did not keep the client limit from counting.
    expect(await consumed(limiter, tenantId, client, '192.0.2.1')).toMatchObject({ remaining: 2 });
  });

  it('counts one window named twice in a call twice, the second seeing the first', async () => {
    const { limiter } = context.underTest();
    const tenantId = context.tenant();
    const policy = suitePolicy({ durationMs: LONG_WINDOW_MS });
    const decisions = unwrapOrThrow(
      await limiter.consumeMany(tenantId, [
        { policy, key: 'twice' },
        { policy, key: 'twice', points: 2 },
        { policy, key: 'twice' },
      ]),
    );
    expect(decisions.map((decision) => [decision.allowed, decision.remaining])).toEqual([
      [true, 2],
      [true, 0],
      [false, 0],
    ]);
  });

  it(`never overspends two limits that ${CONCURRENT_REQUESTS} concurrent requests share, in either order`, async () => {
    const { limiter } = context.underTest();
    const tenantId = context.tenant();
    const first = suitePolicy({ name: 'testkit.first', points: 4, durationMs: LONG_WINDOW_MS });
    const second = suitePolicy({ name: 'testkit.second', points: 7, durationMs: LONG_WINDOW_MS });
    const results = await Promise.all(
      Array.from({ length: CONCURRENT_REQUESTS }, (_, index) =>
        // Half name the limits the other way round: a store locking them as named would deadlock.
        index % 2 === 0
          ? limiter.consumeMany(tenantId, [
              { policy: first, key: 'shared' },
              { policy: second, key: 'shared' },
            ])
          : limiter
              .consumeMany(tenantId, [
                { policy: second, key: 'shared' },
                { policy: first, key: 'shared' },
              ])
              .then((result) => result.map((decisions) => [...decisions].reverse())),
      ),
    );
    const counted: RateLimitDecision[][] = [];
    for (const result of results) {
      // A fail-closed store may give up under contention, never count wrong.
      if (result.isErr()) expect(result.error).toMatchObject({ type: 'infrastructure' });
      else counted.push(result.value);
    }
    for (const [position, points] of [
      [0, 4],
      [1, 7],
    ] as const) {
      const allowed = counted.filter((decisions) => decisions[position]?.allowed);
      expect(allowed).toHaveLength(Math.min(points, counted.length));
    }
  });

  it(`throws an AssertionFailure for no consumption or more than ${RATE_LIMIT_CONSUMPTIONS_MAX}`, async () => {
    const { limiter } = context.underTest();
    const consumption = { policy: suitePolicy(), key: 'k' };
    for (const count of [0, RATE_LIMIT_CONSUMPTIONS_MAX + 1]) {
      await expect(
        called(() =>
          limiter.consumeMany(
            context.tenant(),
            Array.from({ length: count }, () => consumption),
          ),
        ),
      ).rejects.toThrow(AssertionFailure);
    }
    await expect(
      called(() =>
        limiter.consumeMany(context.tenant(), [consumption, { ...consumption, key: '' }]),
      ),
    ).rejects.toThrow(AssertionFailure);
  });
}

/** `consumeMany` on a failed store: fail-open limits pass uncounted, a fail-closed one refuses all. */
export function defineBrokenStoreConsumeManyCases(context: RateLimitSuiteContext): void {
  it('refuses a request with a fail-closed limit, and lets one with only fail-open limits through', async (test) => {
    const { limiter } = context.brokenStore(test);
    const open = suitePolicy({ name: 'testkit.open', failMode: 'open' });
    const closed = suitePolicy({ name: 'testkit.closed' });
    const refused = await limiter.consumeMany(context.tenant(), [
      { policy: open, key: 'a' },
      { policy: closed, key: 'a' },
    ]);
    expect(refused._unsafeUnwrapErr()).toMatchObject({ type: 'infrastructure', retryable: true });
    const passed = unwrapOrThrow(
      await limiter.consumeMany(context.tenant(), [
        { policy: open, key: 'a' },
        { policy: { ...open, name: 'testkit.open_too' }, key: 'b' },
      ]),
    );
    expect(passed).toEqual([
      expect.objectContaining({ allowed: true, degraded: true }),
      expect.objectContaining({ allowed: true, degraded: true }),
    ]);
  });
}
