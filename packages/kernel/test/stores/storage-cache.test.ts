import { describe, expect, it } from 'vitest';
import { createStorageCache } from '../../src/cache/storage-cache.js';
import { AssertionFailure } from '../../src/errors/assert.js';
import { infrastructureError } from '../../src/errors/infrastructure-error.js';
import { parseTenantId } from '../../src/tenant/tenant-id.js';
import { failingStorage } from './failing-storage.js';

const tenantId = parseTenantId('tenant-a')._unsafeUnwrap();
const lostConnection = infrastructureError({
  retryable: true,
  operation: 'dynamodb.transact_write_items',
  message: 'throttled',
  code: 'ThrottlingException',
});

describe('createStorageCache', () => {
  it('is named after its storage', () => {
    expect(createStorageCache({ storage: failingStorage(lostConnection) }).name).toBe(
      'storage:failing',
    );
  });

  it('reports a storage fault as it came, and a conflict as a retryable fault', async () => {
    const cache = createStorageCache({ storage: failingStorage(lostConnection) });
    expect((await cache.get(tenantId, 'key'))._unsafeUnwrapErr()).toEqual(lostConnection);
    const contended = createStorageCache({
      storage: failingStorage({ type: 'storage.conflict', attempts: 3 }),
    });
    expect((await contended.set(tenantId, 'key', 'v', 1000))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'cache.set',
      code: 'storage.conflict',
    });
  });

  it.each([
    ['U+0000', 'a\u0000b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', '\udc00'],
  ])(
    'throws an AssertionFailure for a key or value with %s, before any storage call',
    async (_, text) => {
      const storage = failingStorage(lostConnection);
      const cache = createStorageCache({ storage });
      await expect(cache.get(tenantId, text)).rejects.toThrow(AssertionFailure);
      await expect(cache.delete(tenantId, text)).rejects.toThrow(AssertionFailure);
      await expect(cache.set(tenantId, text, 'v', 1000)).rejects.toThrow(AssertionFailure);
      await expect(cache.set(tenantId, 'key', text, 1000)).rejects.toThrow(AssertionFailure);
      expect(storage.transactions).toBe(0);
    },
  );
});
