import {
  AssertionFailure,
  RATE_LIMIT_KEY_MAX_LENGTH,
  type RateLimitPolicy,
} from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { called } from '../timed-store/timed-suite-context.js';
import { type RateLimitSuiteContext, suitePolicy } from './rate-limit-suite-context.js';

/** Policies that break the port's rules; policies are code, so each is a bug that throws. */
const BAD_POLICIES: readonly [string, RateLimitPolicy][] = [
  ['an uppercase name', suitePolicy({ name: 'Login' })],
  ['an empty name', suitePolicy({ name: '' })],
  ['an empty segment', suitePolicy({ name: 'login..account' })],
  ['a name over 64 characters', suitePolicy({ name: `a${'b'.repeat(64)}` })],
  ['no points', suitePolicy({ points: 0 })],
  ['a fraction of a point', suitePolicy({ points: 1.5 })],
  ['a window under a second', suitePolicy({ durationMs: 999 })],
];

/** Bad keys, points and policies throw: they are bugs in the caller, not operating errors. */
export function defineBadInputCases(context: RateLimitSuiteContext): void {
  it('throws an AssertionFailure for an empty key or one longer than the limit', async () => {
    const { limiter } = context.underTest();
    for (const key of ['', 'k'.repeat(RATE_LIMIT_KEY_MAX_LENGTH + 1)]) {
      await expect(
        called(() => limiter.consume(context.tenant(), suitePolicy(), key)),
      ).rejects.toThrow(AssertionFailure);
      await expect(
        called(() => limiter.reset(context.tenant(), suitePolicy(), key)),
      ).rejects.toThrow(AssertionFailure);
    }
    const longest = 'k'.repeat(RATE_LIMIT_KEY_MAX_LENGTH);
    expect((await limiter.consume(context.tenant(), suitePolicy(), longest)).isOk()).toBe(true);
  });

  it('throws an AssertionFailure for points that are not a positive whole number', async () => {
    const { limiter } = context.underTest();
    for (const points of [0, -1, 1.5, Number.NaN]) {
      await expect(
        called(() => limiter.consume(context.tenant(), suitePolicy(), 'alice', points)),
      ).rejects.toThrow(AssertionFailure);
    }
  });

  it.each(BAD_POLICIES)('throws an AssertionFailure for a policy with %s', async (_, policy) => {
    const { limiter } = context.underTest();
    await expect(called(() => limiter.consume(context.tenant(), policy, 'alice'))).rejects.toThrow(
      AssertionFailure,
    );
  });
}
