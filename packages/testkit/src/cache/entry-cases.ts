import { CACHE_KEY_MAX_LENGTH, CACHE_VALUE_MAX_BYTES, unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { type CacheSuiteContext, LONG_TTL_MS } from './cache-suite-context.js';

/** Values that must come back exactly as stored. */
const VALUES = [
  '',
  'plain',
  '{"json":[1,2,{"nested":"yes"}],"quote":"\\""}',
  'ünïcödé ключ 鍵 🔑 👩‍👩‍👧',
  'line\nbreak\ttab\\backslash',
];

/** Entries are set, read, replaced and deleted per tenant and key. */
export function defineEntryCases(context: CacheSuiteContext): void {
  it('reads nothing for a key never set', async () => {
    const { cache } = context.underTest();
    expect(unwrapOrThrow(await cache.get(context.tenant(), 'missing'))).toBeUndefined();
  });

  it('returns every value exactly as stored', async () => {
    const { cache } = context.underTest();
    const tenantId = context.tenant();
    for (const [index, value] of VALUES.entries()) {
      unwrapOrThrow(await cache.set(tenantId, `value-${index}`, value, LONG_TTL_MS));
    }
    for (const [index, value] of VALUES.entries()) {
      expect(unwrapOrThrow(await cache.get(tenantId, `value-${index}`))).toBe(value);
    }
  });

  it('stores a value of the largest size under a key of the longest length', async () => {
    const { cache } = context.underTest();
    const tenantId = context.tenant();
    const key = 'k'.repeat(CACHE_KEY_MAX_LENGTH);
    // Two bytes per character in UTF-8: the limit is in bytes, not characters.
    const value = 'é'.repeat(CACHE_VALUE_MAX_BYTES / 2);
    unwrapOrThrow(await cache.set(tenantId, key, value, LONG_TTL_MS));
    expect(unwrapOrThrow(await cache.get(tenantId, key))).toBe(value);
  });

  it('replaces a value that is set again', async () => {
    const { cache } = context.underTest();
    const tenantId = context.tenant();
    unwrapOrThrow(await cache.set(tenantId, 'key', 'first', LONG_TTL_MS));
    unwrapOrThrow(await cache.set(tenantId, 'key', 'second', LONG_TTL_MS));
    expect(unwrapOrThrow(await cache.get(tenantId, 'key'))).toBe('second');
  });

  it('deletes a value, and deletes a missing one without error', async () => {
    const { cache } = context.underTest();
    const tenantId = context.tenant();
    unwrapOrThrow(await cache.set(tenantId, 'key', 'value', LONG_TTL_MS));
    unwrapOrThrow(await cache.set(tenantId, 'kept', 'value', LONG_TTL_MS));
    unwrapOrThrow(await cache.delete(tenantId, 'key'));
    expect(unwrapOrThrow(await cache.get(tenantId, 'key'))).toBeUndefined();
    expect(unwrapOrThrow(await cache.get(tenantId, 'kept'))).toBe('value');
    unwrapOrThrow(await cache.delete(tenantId, 'key'));
    unwrapOrThrow(await cache.delete(tenantId, 'never-set'));
    // A deleted key can be set again.
    unwrapOrThrow(await cache.set(tenantId, 'key', 'again', LONG_TTL_MS));
    expect(unwrapOrThrow(await cache.get(tenantId, 'key'))).toBe('again');
  });

  it('keeps keys apart, even keys that differ only in case or spacing', async () => {
    const { cache } = context.underTest();
    const tenantId = context.tenant();
    const keys = ['key', 'Key', 'key ', 'key:1', 'key/1'];
    for (const key of keys) unwrapOrThrow(await cache.set(tenantId, key, `v:${key}`, LONG_TTL_MS));
    for (const key of keys) expect(unwrapOrThrow(await cache.get(tenantId, key))).toBe(`v:${key}`);
  });

  it("keeps tenants apart: no tenant reads, replaces or deletes another's entry", async () => {
    const { cache } = context.underTest();
    const tenantA = context.tenant();
    const tenantB = context.tenant();
    unwrapOrThrow(await cache.set(tenantA, 'shared', 'a', LONG_TTL_MS));
    expect(unwrapOrThrow(await cache.get(tenantB, 'shared'))).toBeUndefined();
    unwrapOrThrow(await cache.set(tenantB, 'shared', 'b', LONG_TTL_MS));
    expect(unwrapOrThrow(await cache.get(tenantA, 'shared'))).toBe('a');
    unwrapOrThrow(await cache.delete(tenantB, 'shared'));
    expect(unwrapOrThrow(await cache.get(tenantA, 'shared'))).toBe('a');
    expect(unwrapOrThrow(await cache.get(tenantB, 'shared'))).toBeUndefined();
  });
}
