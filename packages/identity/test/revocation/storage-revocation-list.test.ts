import {
  AssertionFailure,
  errAsync,
  FakeClock,
  infrastructureError,
  ok,
  parseTenantId,
  type Storage,
  type StorageError,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage, dumpMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import type { RevocationCandidate } from '../../src/revocation/revocation-list.js';
import { createStorageRevocationList } from '../../src/revocation/storage-revocation-list.js';

const tenantId = parseTenantId('tenant-a')._unsafeUnwrap();
const HOUR_MS = 60 * 60 * 1000;

function memoryList() {
  const storage = createMemoryStorage();
  const clock = new FakeClock();
  const list = createStorageRevocationList({ storage, clock });
  return { storage, clock, list, nowMs: clock.now().getTime() };
}

/** A storage whose every transaction fails with `error`, counting the calls. */
function failingStorage(error: StorageError) {
  const calls = { transactions: 0 };
  const storage: Storage = {
    name: 'failing',
    limits: { writesPerTransaction: 100, bytesPerTransaction: 1_000_000, bytesPerRecord: 400_000 },
    capabilities: { concurrentTransactions: true },
    transaction<T, E>() {
      calls.transactions += 1;
      return errAsync<T, E | StorageError>(error);
    },
    close: async () => {},
  };
  return { storage, calls };
}

describe('createStorageRevocationList', () => {
  it('is named after its storage', () => {
    expect(memoryList().list.name).toBe('storage:memory');
  });

  it('keeps one record per kind and id, `<kind>:<id>`, holding the latest expiry asked', async () => {
    const { storage, list, nowMs } = memoryList();
    unwrapOrThrow(
      await list.revoke(tenantId, [
        { kind: 'user', id: 'usr_1', expiresAtMs: nowMs + HOUR_MS },
        { kind: 'user', id: 'usr_1', expiresAtMs: nowMs + 2 * HOUR_MS },
        { kind: 'device', id: 'usr_1', expiresAtMs: nowMs + HOUR_MS },
      ]),
    );
    unwrapOrThrow(await list.revoke(tenantId, [{ kind: 'user', id: 'usr_1', expiresAtMs: nowMs }]));
    const rows = dumpMemoryStorage(storage).map(({ collection, id, data }) => ({
      collection,
      id,
      data,
    }));
    expect(rows.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      {
        collection: 'identity.revocations',
        id: 'device:usr_1',
        data: { expiresAtMs: nowMs + HOUR_MS },
      },
      {
        collection: 'identity.revocations',
        id: 'user:usr_1',
        data: { expiresAtMs: nowMs + 2 * HOUR_MS },
      },
    ]);
  });

  it('writes nothing for entries that have already expired', async () => {
    const { storage, list, nowMs } = memoryList();
    unwrapOrThrow(
      await list.revoke(tenantId, [
        { kind: 'token', id: 'jti_1', expiresAtMs: nowMs },
        { kind: 'token', id: 'jti_2', expiresAtMs: 1 },
      ]),
    );
    expect(dumpMemoryStorage(storage)).toEqual([]);
  });

  it('answers an empty check, and revokes an empty batch, without a transaction', async () => {
    const { storage, calls } = failingStorage({ type: 'storage.conflict', attempts: 1 });
    const list = createStorageRevocationList({ storage });
    expect(unwrapOrThrow(await list.isRevoked(tenantId, []))).toBe(false);
    unwrapOrThrow(await list.revoke(tenantId, []));
    expect(calls.transactions).toBe(0);
  });

  it('reports storage faults as they came and conflicts as retryable faults', async () => {
    const lost = infrastructureError({
      retryable: true,
      operation: 'postgres.transaction',
      message: 'connection exception',
      code: '08006',
    });
    const candidates: RevocationCandidate[] = [{ kind: 'token', id: 'jti_1' }];
    const broken = createStorageRevocationList({ storage: failingStorage(lost).storage });
    expect((await broken.isRevoked(tenantId, candidates))._unsafeUnwrapErr()).toEqual(lost);
    const contended = createStorageRevocationList({
      storage: failingStorage({ type: 'storage.conflict', attempts: 10 }).storage,
    });
    const revoking = await contended.revoke(tenantId, [
      { kind: 'token', id: 'jti_1', expiresAtMs: Date.now() + HOUR_MS },
    ]);
    expect(revoking._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'revocation.revoke',
      code: 'storage.conflict',
    });
  });

  it('throws an AssertionFailure when called inside a transaction of its own storage', async () => {
    const { storage, list } = memoryList();
    await expect(
      storage.transaction(tenantId, async () =>
        ok(await list.isRevoked(tenantId, [{ kind: 'user', id: 'usr_1' }])),
      ),
    ).rejects.toThrow(AssertionFailure);
  });

  it('throws an AssertionFailure for a stored entry that lost its expiry', async () => {
    const { storage, list } = memoryList();
    unwrapOrThrow(
      await storage.transaction(tenantId, async (tx) =>
        ok(
          await tx.records.put({
            collection: 'identity.revocations',
            id: 'user:usr_1',
            data: { expiresAtMs: 'never' },
            expectedVersion: 0,
          }),
        ),
      ),
    );
    await expect(list.isRevoked(tenantId, [{ kind: 'user', id: 'usr_1' }])).rejects.toThrow(
      AssertionFailure,
    );
  });

  it.each([
    ['U+0000', 'jti\u0000'],
    ['a lone surrogate', 'jti\ud800'],
  ])('throws an AssertionFailure for an id with %s, before any storage call', async (_, id) => {
    const { storage, calls } = failingStorage({ type: 'storage.conflict', attempts: 1 });
    const list = createStorageRevocationList({ storage });
    await expect(list.isRevoked(tenantId, [{ kind: 'token', id }])).rejects.toThrow(
      AssertionFailure,
    );
    await expect(
      list.revoke(tenantId, [{ kind: 'token', id, expiresAtMs: Date.now() + HOUR_MS }]),
    ).rejects.toThrow(AssertionFailure);
    expect(calls.transactions).toBe(0);
  });

  it('throws an AssertionFailure for a negative expiry', async () => {
    const { list } = memoryList();
    await expect(
      list.revoke(tenantId, [{ kind: 'token', id: 'jti_1', expiresAtMs: -1 }]),
    ).rejects.toThrow(AssertionFailure);
  });
});
