import { describe, expect, it } from 'vitest';
import { AssertionFailure } from '../../src/errors/assert.js';
import { infrastructureError } from '../../src/errors/infrastructure-error.js';
import { createStorageIdempotencyStore } from '../../src/idempotency/storage-idempotency-store.js';
import { parseTenantId } from '../../src/tenant/tenant-id.js';
import { failingStorage } from './failing-storage.js';

const tenantId = parseTenantId('tenant-a')._unsafeUnwrap();
const claimOptions = { leaseMs: 1000, ttlMs: 1000 };
const response = { status: 201, headers: {}, body: '{}' };
const lostConnection = infrastructureError({
  retryable: true,
  operation: 'dynamodb.transact_write_items',
  message: 'throttled',
  code: 'ThrottlingException',
});

describe('createStorageIdempotencyStore', () => {
  it('is named after its storage', () => {
    expect(createStorageIdempotencyStore({ storage: failingStorage(lostConnection) }).name).toBe(
      'storage:failing',
    );
  });

  it('reports a storage fault as it came, and a conflict as a retryable fault', async () => {
    const store = createStorageIdempotencyStore({ storage: failingStorage(lostConnection) });
    expect((await store.claim(tenantId, 'key', 'fp', claimOptions))._unsafeUnwrapErr()).toEqual(
      lostConnection,
    );
    const contended = createStorageIdempotencyStore({
      storage: failingStorage({ type: 'storage.conflict', attempts: 3 }),
    });
    expect(
      (await contended.claim(tenantId, 'key', 'fp', claimOptions))._unsafeUnwrapErr(),
    ).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'idempotency.claim',
      code: 'storage.conflict',
    });
  });

  it('refuses a response too large to store without a storage call', async () => {
    const storage = failingStorage(lostConnection);
    const store = createStorageIdempotencyStore({ storage });
    const large = { ...response, body: 'x'.repeat(64 * 1024) };
    expect((await store.complete(tenantId, 'key', 'lease', large))._unsafeUnwrap()).toBe(false);
    expect(storage.transactions).toBe(0);
  });

  it.each([
    ['U+0000', 'a\u0000b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', '\udc00'],
  ])('throws an AssertionFailure for input with %s, before any storage call', async (_, text) => {
    const storage = failingStorage(lostConnection);
    const store = createStorageIdempotencyStore({ storage });
    await expect(store.claim(tenantId, text, 'fp', claimOptions)).rejects.toThrow(AssertionFailure);
    await expect(store.claim(tenantId, 'key', text, claimOptions)).rejects.toThrow(
      AssertionFailure,
    );
    await expect(store.complete(tenantId, 'key', text, response)).rejects.toThrow(AssertionFailure);
    await expect(
      store.complete(tenantId, 'key', 'lease', { ...response, body: text }),
    ).rejects.toThrow(AssertionFailure);
    await expect(store.release(tenantId, 'key', text)).rejects.toThrow(AssertionFailure);
    expect(storage.transactions).toBe(0);
  });
});
