import { createStorageRevocationList } from '@strongroom/identity';
import {
  createStorageCache,
  createStorageIdempotencyStore,
  createStorageRateLimiter,
  FakeClock,
  ok,
  purgeExpiredRecords,
  type Storage,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage, dumpMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import { freshTenantId } from '../src/fixtures.js';
import { storageForSuite } from './backend-storage.js';
import { BACKENDS } from './backends.js';

// What the purge sweeps here: more than one page on every adapter (DynamoDB's is 99 records).
const RECORDS = 150;
const COLLECTION = 'testkit.expiring';

/** Writes `count` records, every second one expired at `nowMs`, in transactions of 50. */
async function seedExpiring(storage: Storage, tenantId: TenantId, count: number, nowMs: number) {
  for (let start = 0; start < count; start += 50) {
    unwrapOrThrow(
      await storage.transaction(tenantId, async (tx) => {
        for (let index = start; index < Math.min(start + 50, count); index += 1) {
          await tx.records.put({
            collection: COLLECTION,
            id: `r${String(index).padStart(4, '0')}`,
            data: { expiresAtMs: index % 2 === 0 ? nowMs : nowMs + 1 },
            expectedVersion: 0,
          });
        }
        return ok(undefined);
      }),
    );
  }
}

/** The ids of a collection, all pages. */
async function idsIn(storage: Storage, tenantId: TenantId, collection: string) {
  return unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => {
      const page = await tx.records.list(collection, { limit: 1000 });
      return ok(page.items.map((record) => record.id));
    }),
  );
}

describe.each(BACKENDS)('expiring stores on storage: $name', (backend) => {
  const storage = storageForSuite(backend);

  it('purges expired records a bounded number of pages per call, resuming where it stopped', async () => {
    const tenantId = freshTenantId('purge');
    const nowMs = Date.parse('2026-01-01T00:00:00Z');
    await seedExpiring(storage(), tenantId, RECORDS, nowMs);

    const first = unwrapOrThrow(
      await purgeExpiredRecords(storage(), tenantId, COLLECTION, nowMs, { pages: 1 }),
    );
    expect(first.next).not.toBeNull();
    expect(first.deletedCount).toBeGreaterThan(0);
    expect(first.deletedCount).toBeLessThan(RECORDS / 2);

    const rest = unwrapOrThrow(
      await purgeExpiredRecords(storage(), tenantId, COLLECTION, nowMs, {
        pages: 10,
        ...(first.next === null ? {} : { after: first.next }),
      }),
    );
    expect(rest.next).toBeNull();
    expect(first.deletedCount + rest.deletedCount).toBe(RECORDS / 2);
    const left = await idsIn(storage(), tenantId, COLLECTION);
    expect(left).toHaveLength(RECORDS / 2);
    expect(left.every((id) => Number(id.slice(1)) % 2 === 1)).toBe(true);
    // Another tenant's records are out of reach.
    const other = freshTenantId('purge');
    await seedExpiring(storage(), other, 2, nowMs);
    unwrapOrThrow(await purgeExpiredRecords(storage(), tenantId, COLLECTION, nowMs + 10));
    expect(await idsIn(storage(), other, COLLECTION)).toEqual(['r0000', 'r0001']);
  });

  it("sweeps each store's expired entries and keeps the live ones", async () => {
    const tenantId = freshTenantId('purge');
    const clock = new FakeClock();
    const limiter = createStorageRateLimiter({ storage: storage(), clock });
    const cache = createStorageCache({ storage: storage(), clock });
    const revocations = createStorageRevocationList({ storage: storage(), clock });
    const idempotency = createStorageIdempotencyStore({ storage: storage(), clock });
    const claimOptions = { leaseMs: 1000, ttlMs: 1000 };
    const policy = {
      name: 'testkit.purge',
      points: 1,
      durationMs: 1000,
      failMode: 'closed',
    } as const;
    const expiresAtMs = clock.now().getTime() + 1000;

    unwrapOrThrow(await limiter.consume(tenantId, policy, 'old'));
    unwrapOrThrow(await cache.set(tenantId, 'old', 'v', 1000));
    unwrapOrThrow(await revocations.revoke(tenantId, [{ kind: 'token', id: 'old', expiresAtMs }]));
    unwrapOrThrow(await idempotency.claim(tenantId, 'old', 'fp', claimOptions));
    clock.advance(1000);
    unwrapOrThrow(await limiter.consume(tenantId, policy, 'new'));
    unwrapOrThrow(await cache.set(tenantId, 'new', 'v', 1000));
    unwrapOrThrow(
      await revocations.revoke(tenantId, [
        { kind: 'token', id: 'new', expiresAtMs: expiresAtMs + 1000 },
      ]),
    );
    unwrapOrThrow(await idempotency.claim(tenantId, 'new', 'fp', claimOptions));

    for (const [store, collection] of [
      [limiter, 'strongroom.rate_limits'],
      [cache, 'strongroom.cache'],
      [revocations, 'identity.revocations'],
      [idempotency, 'strongroom.idempotency'],
    ] as const) {
      expect(await idsIn(storage(), tenantId, collection), collection).toHaveLength(2);
      expect(unwrapOrThrow(await store.purgeExpired(tenantId))).toEqual({
        deletedCount: 1,
        next: null,
      });
      expect(await idsIn(storage(), tenantId, collection), collection).toHaveLength(1);
    }
    expect((await limiter.consume(tenantId, policy, 'new'))._unsafeUnwrap().allowed).toBe(false);
    expect((await cache.get(tenantId, 'new'))._unsafeUnwrap()).toBe('v');
    expect(
      (await revocations.isRevoked(tenantId, [{ kind: 'token', id: 'new' }]))._unsafeUnwrap(),
    ).toBe(true);
    expect(unwrapOrThrow(await idempotency.claim(tenantId, 'new', 'fp', claimOptions))).toEqual({
      state: 'in_progress',
    });
  });
});

describe('storage rate limiter records', () => {
  it('keeps one record per policy and key, named by the SHA-256 of the key, never the key', async () => {
    const storage = createMemoryStorage();
    const limiter = createStorageRateLimiter({ storage, clock: new FakeClock() });
    const tenantId = freshTenantId('layout');
    const policy = {
      name: 'login.account',
      points: 3,
      durationMs: 60_000,
      failMode: 'closed',
    } as const;
    const key = 'alice@example.com';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      unwrapOrThrow(await limiter.consume(tenantId, policy, key));
    }
    const rows = dumpMemoryStorage(storage);
    expect(rows).toHaveLength(1);
    // SHA-256("alice@example.com"), computed independently with `printf %s … | sha256sum`.
    expect(rows[0]).toMatchObject({
      tenantId,
      collection: 'strongroom.rate_limits',
      id: 'login.account:ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976',
      data: { points: 5, expiresAtMs: Date.parse('2026-01-01T00:01:00Z') },
    });
    expect(JSON.stringify(rows)).not.toContain('alice');
  });

  it('counts windows and blocks that are not whole seconds to the millisecond', async () => {
    const storage = createMemoryStorage();
    const clock = new FakeClock();
    const limiter = createStorageRateLimiter({ storage, clock });
    const tenantId = freshTenantId('layout');
    const policy = {
      name: 'odd.window',
      points: 1,
      durationMs: 1001,
      blockDurationMs: 2003,
      failMode: 'closed',
    } as const;
    expect(unwrapOrThrow(await limiter.consume(tenantId, policy, 'k')).resetAfterMs).toBe(1001);
    clock.advance(7);
    expect(unwrapOrThrow(await limiter.consume(tenantId, policy, 'k'))).toMatchObject({
      allowed: false,
      retryAfterMs: 2003,
    });
    clock.advance(2002);
    expect(unwrapOrThrow(await limiter.consume(tenantId, policy, 'k')).retryAfterMs).toBe(1);
    clock.advance(1);
    expect(unwrapOrThrow(await limiter.consume(tenantId, policy, 'k'))).toMatchObject({
      allowed: true,
      resetAfterMs: 1001,
    });
  });
});
