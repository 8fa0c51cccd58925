import {
  AssertionFailure,
  CACHE_KEY_MAX_LENGTH,
  CACHE_TTL_MAX_MS,
  CACHE_VALUE_MAX_BYTES,
} from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { called } from '../timed-store/timed-suite-context.js';
import { type CacheSuiteContext, LONG_TTL_MS } from './cache-suite-context.js';

/** Times to live outside 1 ms to {@link CACHE_TTL_MAX_MS}, or not whole milliseconds. */
const BAD_TTLS_MS = [0, -1, 1.5, CACHE_TTL_MAX_MS + 1, Number.NaN, Number.POSITIVE_INFINITY];

/** Bad keys, values and lifetimes throw: they are bugs in the caller, not operating errors. */
export function defineBadInputCases(context: CacheSuiteContext): void {
  it('throws an AssertionFailure for an empty key or one longer than the limit', async () => {
    const { cache } = context.underTest();
    const tenantId = context.tenant();
    for (const key of ['', 'k'.repeat(CACHE_KEY_MAX_LENGTH + 1)]) {
      await expect(called(() => cache.get(tenantId, key))).rejects.toThrow(AssertionFailure);
      await expect(called(() => cache.set(tenantId, key, 'v', LONG_TTL_MS))).rejects.toThrow(
        AssertionFailure,
      );
      await expect(called(() => cache.delete(tenantId, key))).rejects.toThrow(AssertionFailure);
    }
  });

  it('throws an AssertionFailure for a value over the byte limit, counted in UTF-8', async () => {
    const { cache } = context.underTest();
    const tenantId = context.tenant();
    for (const value of [
      'x'.repeat(CACHE_VALUE_MAX_BYTES + 1),
      'é'.repeat(CACHE_VALUE_MAX_BYTES / 2 + 1),
    ]) {
      await expect(called(() => cache.set(tenantId, 'key', value, LONG_TTL_MS))).rejects.toThrow(
        AssertionFailure,
      );
    }
    expect((await cache.get(tenantId, 'key'))._unsafeUnwrap()).toBeUndefined();
  });

  it.each(BAD_TTLS_MS)('throws an AssertionFailure for a time to live of %s ms', async (ttlMs) => {
    const { cache } = context.underTest();
    await expect(called(() => cache.set(context.tenant(), 'key', 'v', ttlMs))).rejects.toThrow(
      AssertionFailure,
    );
  });
}
