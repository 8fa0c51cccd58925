import { errAsync, infrastructureError, type Storage } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  KEY_USAGE_COLLECTION,
  KEY_USAGE_PENDING_MAX,
  KeyUsageRecorder,
} from '../../src/keys/key-usage.js';
import { createHarness, getRecord, tenant } from './vault-fixture.js';

const acme = tenant('acme');
const globex = tenant('globex');

/** A storage whose transactions fail (or throw) while `mode` says so. */
function flaky(storage: Storage) {
  const control = { mode: 'ok' as 'ok' | 'fail' | 'throw', calls: 0 };
  const wrapped: Storage = {
    ...storage,
    transaction(tenantId, fn, options) {
      control.calls += 1;
      if (control.mode === 'fail') {
        return errAsync(
          infrastructureError({ retryable: true, operation: 'test', message: 'down' }),
        );
      }
      if (control.mode === 'throw') throw new Error('driver bug');
      return storage.transaction(tenantId, fn, options);
    },
  };
  return { storage: wrapped, control };
}

describe('KeyUsageRecorder', () => {
  it('counts data keys per tenant and KEK version in vault.key_usage/<keyId>.v<N>', async () => {
    const { storage } = createHarness();
    const usage = new KeyUsageRecorder(storage);
    for (let n = 0; n < 3; n += 1) usage.record({ tenantId: acme, keyId: 'cards', version: 1 });
    usage.record({ tenantId: acme, keyId: 'cards', version: 2 });
    usage.record({ tenantId: globex, keyId: 'cards', version: 1 });
    expect((await usage.flush()).isOk()).toBe(true);
    expect((await getRecord(storage, acme, KEY_USAGE_COLLECTION, 'cards.v1'))?.data).toEqual({
      count: 3,
    });
    expect((await getRecord(storage, acme, KEY_USAGE_COLLECTION, 'cards.v2'))?.data).toEqual({
      count: 1,
    });
    expect((await getRecord(storage, globex, KEY_USAGE_COLLECTION, 'cards.v1'))?.data).toEqual({
      count: 1,
    });
    const totals = await usage.read([acme, globex], 'cards', [1, 2, 3]);
    expect([...totals._unsafeUnwrap()]).toEqual([
      [1, 4],
      [2, 1],
      [3, 0],
    ]);
    expect(usage.pendingCounters).toBe(0);
  });

  it('never fails the caller when the store fails or throws, and writes the counts once it recovers', async () => {
    const harness = createHarness();
    const { storage, control } = flaky(harness.storage);
    const usage = new KeyUsageRecorder(storage);
    control.mode = 'throw';
    expect(() => usage.record({ tenantId: acme, keyId: 'cards', version: 1 })).not.toThrow();
    const thrown = await usage.flush();
    expect(thrown._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      operation: 'vault.key_usage.flush',
    });
    expect(usage.pendingCounters).toBe(1);
    control.mode = 'fail';
    usage.record({ tenantId: acme, keyId: 'cards', version: 1 });
    const failed = await usage.flush();
    expect(failed._unsafeUnwrapErr().type).toBe('infrastructure');
    expect(usage.lastFailure?.type).toBe('infrastructure');
    expect(usage.pendingCounters).toBe(1);
    control.mode = 'ok';
    expect((await usage.flush()).isOk()).toBe(true);
    expect(usage.lastFailure).toBeNull();
    expect(
      (await getRecord(harness.storage, acme, KEY_USAGE_COLLECTION, 'cards.v1'))?.data,
    ).toEqual({ count: 2 });
  });

  it('holds a bounded tally: counters beyond the limit are dropped and reported', async () => {
    const harness = createHarness();
    const { storage, control } = flaky(harness.storage);
    control.mode = 'fail';
    const usage = new KeyUsageRecorder(storage);
    for (let version = 1; version <= KEY_USAGE_PENDING_MAX + 5; version += 1) {
      usage.record({ tenantId: acme, keyId: 'cards', version });
    }
    // Counting again on a counter already held is never dropped.
    usage.record({ tenantId: acme, keyId: 'cards', version: 1 });
    usage.record({ tenantId: acme, keyId: 'BAD NAME', version: 1 });
    await usage.flush();
    expect(usage.pendingCounters).toBe(KEY_USAGE_PENDING_MAX);
    expect(usage.dropped).toBe(6);
    control.mode = 'ok';
    expect((await usage.flush()).isOk()).toBe(true);
    expect(
      (await getRecord(harness.storage, acme, KEY_USAGE_COLLECTION, 'cards.v1'))?.data,
    ).toEqual({ count: 2 });
  });

  it('converges when many records race with flushes', async () => {
    const { storage } = createHarness();
    const usage = new KeyUsageRecorder(storage);
    const flushes: Promise<unknown>[] = [];
    for (let n = 0; n < 200; n += 1) {
      usage.record({ tenantId: acme, keyId: 'fields', version: 1 });
      if (n % 17 === 0) flushes.push(usage.flush());
      await Promise.resolve();
    }
    await Promise.all(flushes);
    await usage.flush();
    expect((await getRecord(storage, acme, KEY_USAGE_COLLECTION, 'fields.v1'))?.data).toEqual({
      count: 200,
    });
  });
});
