import { describe, expect, it } from 'vitest';
import { purgeExpiredRecords } from '../../src/cache/expiring-records.js';
import { AssertionFailure } from '../../src/errors/assert.js';
import { parseTenantId } from '../../src/tenant/tenant-id.js';
import { failingStorage } from './failing-storage.js';

const tenantId = parseTenantId('tenant-a')._unsafeUnwrap();

describe('purgeExpiredRecords', () => {
  it.each([0, -1, 1.5, 101])('throws an AssertionFailure for %s pages', async (pages) => {
    const storage = failingStorage({ type: 'storage.conflict', attempts: 1 });
    await expect(
      purgeExpiredRecords(storage, tenantId, 'strongroom.cache', 0, { pages }),
    ).rejects.toThrow(AssertionFailure);
    expect(storage.transactions).toBe(0);
  });

  it('throws an AssertionFailure on a storage that cannot commit a page', async () => {
    const storage = {
      ...failingStorage({ type: 'storage.conflict', attempts: 1 }),
      limits: { writesPerTransaction: 1, bytesPerTransaction: 1000, bytesPerRecord: 1000 },
    };
    await expect(purgeExpiredRecords(storage, tenantId, 'strongroom.cache', 0)).rejects.toThrow(
      AssertionFailure,
    );
  });

  it('stops at the first page the storage fails, with the fault', async () => {
    const storage = failingStorage({ type: 'storage.conflict', attempts: 4 });
    const result = await purgeExpiredRecords(storage, tenantId, 'strongroom.cache', 0, {
      pages: 5,
    });
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'store.purge',
      code: 'storage.conflict',
    });
    expect(storage.transactions).toBe(1);
  });
});
