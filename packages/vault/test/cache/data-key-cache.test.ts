import {
  err,
  FakeClock,
  ok,
  parseTenantId,
  type Result,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { createDataKeyCache } from '../../src/cache/create-data-key-cache.js';
import { noDataKeyCache } from '../../src/cache/no-data-key-cache.js';
import type { DataKey, WrappedKey } from '../../src/kms/kms.js';

const tenant = (id: string): TenantId => unwrapOrThrow(parseTenantId(id));
const acme = { tenantId: tenant('acme'), keyId: 'cards' };
const globex = { tenantId: tenant('globex'), keyId: 'cards' };

// A stand-in for the KMS: numbered keys, so a test can tell which load a key came from.
function loader() {
  let loads = 0;
  const issued: DataKey[] = [];
  const load = async (): Promise<Result<DataKey, never>> => {
    loads += 1;
    const dataKey = {
      plaintext: new Uint8Array(32).fill(loads),
      wrapped: { keyId: 'cards', version: 1, ciphertext: new Uint8Array([loads]) },
    };
    issued.push(dataKey);
    return ok(dataKey);
  };
  return { load, issued, loads: () => loads };
}

const firstByte = (result: Result<DataKey, never>) => unwrapOrThrow(result).plaintext[0];

describe('createDataKeyCache: encryption', () => {
  it('reuses one key per partition until maxAgeMs, then loads a new one', async () => {
    const clock = new FakeClock();
    const cache = createDataKeyCache({ maxAgeMs: 1000, clock });
    const { load, loads } = loader();
    expect(firstByte(await cache.encryptionKey(acme, 10, load))).toBe(1);
    clock.advance(999);
    expect(firstByte(await cache.encryptionKey(acme, 10, load))).toBe(1);
    clock.advance(1);
    expect(firstByte(await cache.encryptionKey(acme, 10, load))).toBe(2);
    expect(loads()).toBe(2);
    expect(cache.stats()).toEqual({ kmsCalls: 2, hits: 1, misses: 2 });
  });

  it('allows maxMessages messages per key, counting the first', async () => {
    const cache = createDataKeyCache({ maxAgeMs: 60_000, maxMessages: 3, clock: new FakeClock() });
    const { load } = loader();
    const used = [];
    for (let index = 0; index < 7; index += 1)
      used.push(firstByte(await cache.encryptionKey(acme, 1, load)));
    expect(used).toEqual([1, 1, 1, 2, 2, 2, 3]);
  });

  it('allows maxBytes plaintext bytes per key, counting this message before use', async () => {
    const cache = createDataKeyCache({ maxAgeMs: 60_000, maxBytes: 100, clock: new FakeClock() });
    const { load } = loader();
    const used = [];
    for (const bytes of [40, 40, 20, 1, 100, 60, 41])
      used.push(firstByte(await cache.encryptionKey(acme, bytes, load)));
    // 40+40+20 = 100 fits; +1 would not, so a new key; 1+100 would not; 100+60 would not; 60+41 would not.
    expect(used).toEqual([1, 1, 1, 2, 3, 4, 5]);
  });

  it('never caches a message larger than maxBytes', async () => {
    const cache = createDataKeyCache({ maxAgeMs: 60_000, maxBytes: 100, clock: new FakeClock() });
    const { load } = loader();
    expect(firstByte(await cache.encryptionKey(acme, 101, load))).toBe(1);
    expect(firstByte(await cache.encryptionKey(acme, 1, load))).toBe(2);
    expect(firstByte(await cache.encryptionKey(acme, 1, load))).toBe(2);
  });

  it('isolates tenants and KEKs', async () => {
    const cache = createDataKeyCache({ maxAgeMs: 60_000, clock: new FakeClock() });
    const { load } = loader();
    expect(firstByte(await cache.encryptionKey(acme, 1, load))).toBe(1);
    expect(firstByte(await cache.encryptionKey(globex, 1, load))).toBe(2);
    expect(firstByte(await cache.encryptionKey({ ...acme, keyId: 'fields' }, 1, load))).toBe(3);
    expect(firstByte(await cache.encryptionKey(acme, 1, load))).toBe(1);
    expect(firstByte(await cache.encryptionKey(globex, 1, load))).toBe(2);
  });

  it('hands out copies: zeroing one never touches the cached key', async () => {
    const cache = createDataKeyCache({ maxAgeMs: 60_000, clock: new FakeClock() });
    const { load } = loader();
    unwrapOrThrow(await cache.encryptionKey(acme, 1, load)).plaintext.fill(0);
    const second = unwrapOrThrow(await cache.encryptionKey(acme, 1, load));
    expect(second.plaintext).toEqual(new Uint8Array(32).fill(1));
    second.plaintext.fill(0);
    expect(firstByte(await cache.encryptionKey(acme, 1, load))).toBe(1);
  });

  it('evicts the least recently used partition beyond maxEntries, zeroing its key', async () => {
    const cache = createDataKeyCache({ maxAgeMs: 60_000, maxEntries: 2, clock: new FakeClock() });
    const { load, loads } = loader();
    await cache.encryptionKey(acme, 1, load);
    await cache.encryptionKey(globex, 1, load);
    await cache.encryptionKey(acme, 1, load); // acme is now the most recent
    await cache.encryptionKey({ tenantId: tenant('initech'), keyId: 'cards' }, 1, load); // evicts globex
    expect(loads()).toBe(3);
    expect(firstByte(await cache.encryptionKey(acme, 1, load))).toBe(1);
    expect(firstByte(await cache.encryptionKey(globex, 1, load))).toBe(4);
  });

  it('does not cache failed loads', async () => {
    const cache = createDataKeyCache({ maxAgeMs: 60_000, clock: new FakeClock() });
    const failure = { type: 'kms.key_not_found' as const, keyId: 'cards' };
    const failing = async (): Promise<Result<DataKey, typeof failure>> => err(failure);
    expect((await cache.encryptionKey(acme, 1, failing)).isErr()).toBe(true);
    const { load } = loader();
    expect(firstByte(await cache.encryptionKey(acme, 1, load))).toBe(1);
    expect(cache.stats().kmsCalls).toBe(2);
  });

  it('shares one load among concurrent misses of the same partition', async () => {
    const cache = createDataKeyCache({ maxAgeMs: 60_000, maxMessages: 5, clock: new FakeClock() });
    const { load, loads } = loader();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => cache.encryptionKey(acme, 1, load)),
    );
    // Five messages share the first key; the rest exceed maxMessages and load again.
    expect(results.map(firstByte).filter((byte) => byte === 1)).toHaveLength(5);
    expect(loads()).toBeLessThan(8);
  });
});

describe('createDataKeyCache: decryption', () => {
  const wrapped = (byte: number): WrappedKey => ({
    keyId: 'cards',
    version: 1,
    ciphertext: new Uint8Array([byte]),
  });

  function unwrapper() {
    let calls = 0;
    const load = async () => {
      calls += 1;
      return ok(new Uint8Array(32).fill(calls));
    };
    return { load, calls: () => calls };
  }

  it('finds an unwrapped key by the exact wrapped bytes within the partition, until maxAgeMs', async () => {
    const clock = new FakeClock();
    const cache = createDataKeyCache({ maxAgeMs: 1000, clock });
    const { load, calls } = unwrapper();
    await cache.decryptionKey(acme, wrapped(1), load);
    await cache.decryptionKey(acme, wrapped(1), load);
    expect(calls()).toBe(1);
    await cache.decryptionKey(acme, wrapped(2), load);
    await cache.decryptionKey(acme, { ...wrapped(1), version: 2 }, load);
    // Another tenant presenting the same wrapped bytes goes to the KMS, which checks its context.
    await cache.decryptionKey(globex, wrapped(1), load);
    expect(calls()).toBe(4);
    clock.advance(1000);
    await cache.decryptionKey(acme, wrapped(1), load);
    expect(calls()).toBe(5);
  });

  it('bounds entries with LRU eviction and zeroes what it drops on clear', async () => {
    const cache = createDataKeyCache({ maxAgeMs: 60_000, maxEntries: 2, clock: new FakeClock() });
    const { load, calls } = unwrapper();
    await cache.decryptionKey(acme, wrapped(1), load);
    await cache.decryptionKey(acme, wrapped(2), load);
    await cache.decryptionKey(acme, wrapped(1), load);
    await cache.decryptionKey(acme, wrapped(3), load); // evicts 2
    expect(calls()).toBe(3);
    await cache.decryptionKey(acme, wrapped(1), load);
    expect(calls()).toBe(3);
    await cache.decryptionKey(acme, wrapped(2), load);
    expect(calls()).toBe(4);
    cache.clear();
    await cache.decryptionKey(acme, wrapped(1), load);
    expect(calls()).toBe(5);
  });

  it('zeroes the keys it drops: LRU eviction, expiry, exhausted limits, clear', async () => {
    const clock = new FakeClock();
    const cache = createDataKeyCache({ maxAgeMs: 1000, maxMessages: 2, maxEntries: 1, clock });
    const { load, issued } = loader();
    const zeroed = (index: number) => issued[index]?.plaintext.every((byte) => byte === 0);
    // The cache keeps the loaded key itself and hands out copies, so `issued` shows its bytes.
    await cache.encryptionKey(acme, 1, load);
    expect(zeroed(0)).toBe(false);
    await cache.encryptionKey(globex, 1, load); // evicts acme's entry
    expect(zeroed(0)).toBe(true);
    clock.advance(1000);
    await cache.encryptionKey(globex, 1, load); // globex's entry expired
    expect(zeroed(1)).toBe(true);
    await cache.encryptionKey(globex, 1, load);
    await cache.encryptionKey(globex, 1, load); // a third message exceeds maxMessages
    expect(zeroed(2)).toBe(true);
    cache.clear();
    expect(zeroed(3)).toBe(true);
  });
});

describe('noDataKeyCache', () => {
  it('always loads and counts every KMS call', async () => {
    const cache = noDataKeyCache();
    const { load, loads } = loader();
    for (let index = 0; index < 5; index += 1) await cache.encryptionKey(acme, 1, load);
    await cache.decryptionKey(
      acme,
      { keyId: 'cards', version: 1, ciphertext: new Uint8Array(1) },
      async () => ok(new Uint8Array(32)),
    );
    expect(loads()).toBe(5);
    expect(cache.stats()).toEqual({ kmsCalls: 6, hits: 0, misses: 6 });
  });
});

describe('createDataKeyCache: limits', () => {
  it('refuses invalid limits as programmer errors', () => {
    expect(() => createDataKeyCache({ maxAgeMs: 0 })).toThrow(/maxAgeMs/);
    expect(() => createDataKeyCache({ maxAgeMs: 1, maxMessages: 0 })).toThrow(/maxMessages/);
    expect(() => createDataKeyCache({ maxAgeMs: 1, maxMessages: 2 ** 32 + 1 })).toThrow(/2\^32/);
    expect(() => createDataKeyCache({ maxAgeMs: 1, maxBytes: 0 })).toThrow(/maxBytes/);
    expect(() => createDataKeyCache({ maxAgeMs: 1, maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
