import { expect, it } from 'vitest';
import { CREATED, type IdempotencySuiteContext, LONG_CLAIM } from './idempotency-suite-context.js';

/**
 * A store failure is a typed error, never a claim or a refusal: a caller must neither execute a
 * request it could not claim nor tell a client its request is in progress when it is not.
 */
export function defineBrokenStoreCases(context: IdempotencySuiteContext): void {
  it('reports every operation on a failed store as an infrastructure error', async (test) => {
    const { store } = context.brokenStore(test);
    const tenantId = context.tenant();
    for (const result of [
      await store.claim(tenantId, 'key', 'fp', LONG_CLAIM),
      await store.complete(tenantId, 'key', 'lease', CREATED),
      await store.release(tenantId, 'key', 'lease'),
    ]) {
      expect(result._unsafeUnwrapErr()).toMatchObject({ type: 'infrastructure' });
    }
  });
}
