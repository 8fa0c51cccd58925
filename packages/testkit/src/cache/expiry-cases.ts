import { unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import type { CacheSuiteContext } from './cache-suite-context.js';

/** The lifetime of the entries these cases let expire. */
const TTL_MS = 1000;

/** Entries live for their time to live and no longer; setting again starts a new lifetime. */
export function defineExpiryCases(context: CacheSuiteContext): void {
  it('forgets an entry once its time to live has passed', async () => {
    const { cache } = context.underTest();
    const tenantId = context.tenant();
    unwrapOrThrow(await cache.set(tenantId, 'key', 'value', TTL_MS));
    await context.advance(context.usesStoreTime ? TTL_MS / 2 : TTL_MS - 1);
    expect(unwrapOrThrow(await cache.get(tenantId, 'key'))).toBe('value');
    await context.advance(context.usesStoreTime ? TTL_MS / 2 : 1);
    expect(unwrapOrThrow(await cache.get(tenantId, 'key'))).toBeUndefined();
  });

  it('gives an entry that is set again a new time to live', async () => {
    const { cache } = context.underTest();
    const tenantId = context.tenant();
    unwrapOrThrow(await cache.set(tenantId, 'key', 'first', TTL_MS));
    await context.advance(600);
    unwrapOrThrow(await cache.set(tenantId, 'key', 'second', TTL_MS));
    await context.advance(600);
    // 1,200 ms after the first set, 600 ms after the second.
    expect(unwrapOrThrow(await cache.get(tenantId, 'key'))).toBe('second');
    await context.advance(TTL_MS - 600);
    expect(unwrapOrThrow(await cache.get(tenantId, 'key'))).toBeUndefined();
  });

  it('can set an expired key again', async () => {
    const { cache } = context.underTest();
    const tenantId = context.tenant();
    unwrapOrThrow(await cache.set(tenantId, 'key', 'old', TTL_MS));
    await context.advance(TTL_MS);
    unwrapOrThrow(await cache.set(tenantId, 'key', 'new', TTL_MS));
    expect(unwrapOrThrow(await cache.get(tenantId, 'key'))).toBe('new');
  });
}
