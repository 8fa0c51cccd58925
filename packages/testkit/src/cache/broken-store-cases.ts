import { expect, it } from 'vitest';
import { type CacheSuiteContext, LONG_TTL_MS } from './cache-suite-context.js';

/** A store failure is a typed error, never a miss: a caller must not mistake an outage for one. */
export function defineBrokenStoreCases(context: CacheSuiteContext): void {
  it('reports every operation on a failed store as an infrastructure error', async (test) => {
    const { cache } = context.brokenStore(test);
    const tenantId = context.tenant();
    for (const result of [
      await cache.get(tenantId, 'key'),
      await cache.set(tenantId, 'key', 'value', LONG_TTL_MS),
      await cache.delete(tenantId, 'key'),
    ]) {
      expect(result._unsafeUnwrapErr()).toMatchObject({ type: 'infrastructure' });
    }
  });
}
