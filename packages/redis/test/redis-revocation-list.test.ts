import {
  REVOCATION_BATCH_MAX,
  REVOCATION_ID_MAX_LENGTH,
  type Revocation,
  type RevocationKind,
} from '@strongroom/identity';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisRevocationList } from '../src/index.js';
import {
  connectedClient,
  deleteKeysAndQuit,
  expectAssertionFailure,
  nowMs,
  pause,
  tenant,
  uniqueKeyPrefix,
} from './support/shared-redis.js';

const keyPrefix = uniqueKeyPrefix('revocation');
const client = await connectedClient();
const list = createRedisRevocationList({ client, keyPrefix });
const acme = tenant('acme');
const globex = tenant('globex');
const HOUR_MS = 3_600_000;

afterAll(() => deleteKeysAndQuit(client, keyPrefix));

function freshId(): string {
  return `id_${crypto.randomUUID().replaceAll('-', '')}`;
}

async function revoked(kind: RevocationKind, id: string, tenantId = acme) {
  return (await list.isRevoked(tenantId, [{ kind, id }]))._unsafeUnwrap();
}

describe('Redis revocation list', () => {
  it('is named after its store', () => {
    expect(list.name).toBe('redis');
  });

  it('reports every kind revoked, and nothing else', async () => {
    const ids = { token: freshId(), device: freshId(), user: freshId() };
    const expiresAtMs = nowMs() + HOUR_MS;
    const revocations = Object.entries(ids).map(([kind, id]) => ({
      kind: kind as RevocationKind,
      id,
      expiresAtMs,
    }));
    expect((await list.revoke(acme, revocations)).isOk()).toBe(true);
    for (const [kind, id] of Object.entries(ids)) {
      expect(await revoked(kind as RevocationKind, id)).toBe(true);
    }
    expect(await revoked('token', freshId())).toBe(false);
    // An id revoked as a device is not a revoked user.
    expect(await revoked('user', ids.device)).toBe(false);
  });

  it('answers true when any one candidate is revoked', async () => {
    const device = freshId();
    await list.revoke(acme, [{ kind: 'device', id: device, expiresAtMs: nowMs() + HOUR_MS }]);
    const candidates = [
      { kind: 'token', id: freshId() },
      { kind: 'device', id: device },
      { kind: 'user', id: freshId() },
    ] as const;
    expect((await list.isRevoked(acme, candidates))._unsafeUnwrap()).toBe(true);
    expect((await list.isRevoked(acme, candidates.slice(0, 1)))._unsafeUnwrap()).toBe(false);
  });

  it('stores each entry under the tenant-first key, expiring at the given instant', async () => {
    const id = freshId();
    const expiresAtMs = nowMs() + HOUR_MS;
    await list.revoke(acme, [{ kind: 'token', id, expiresAtMs }]);
    expect(await client.pexpiretime(`${keyPrefix}rev:acme:token:${id}`)).toBe(expiresAtMs);
  });

  it('forgets an entry after it expires', async () => {
    const id = freshId();
    await list.revoke(acme, [{ kind: 'token', id, expiresAtMs: nowMs() + 150 }]);
    expect(await revoked('token', id)).toBe(true);
    await pause(300);
    expect(await revoked('token', id)).toBe(false);
  });

  it('does not list an entry whose expiry has already passed', async () => {
    const id = freshId();
    await list.revoke(acme, [{ kind: 'token', id, expiresAtMs: nowMs() - 1_000 }]);
    expect(await revoked('token', id)).toBe(false);
  });

  it('keeps the later expiry when an entry is revoked again', async () => {
    const id = freshId();
    const key = `${keyPrefix}rev:acme:user:${id}`;
    const laterMs = nowMs() + HOUR_MS;
    await list.revoke(acme, [{ kind: 'user', id, expiresAtMs: laterMs }]);
    await list.revoke(acme, [{ kind: 'user', id, expiresAtMs: nowMs() + 100 }]);
    expect(await client.pexpiretime(key)).toBe(laterMs);
    await pause(200);
    expect(await revoked('user', id)).toBe(true);
    const latestMs = laterMs + HOUR_MS;
    await list.revoke(acme, [{ kind: 'user', id, expiresAtMs: latestMs }]);
    expect(await client.pexpiretime(key)).toBe(latestMs);
  });

  it('keeps the later expiry when one batch names an entry twice', async () => {
    const id = freshId();
    const laterMs = nowMs() + HOUR_MS;
    await list.revoke(acme, [
      { kind: 'device', id, expiresAtMs: laterMs },
      { kind: 'device', id, expiresAtMs: nowMs() + 100 },
    ]);
    expect(await client.pexpiretime(`${keyPrefix}rev:acme:device:${id}`)).toBe(laterMs);
  });

  it("never applies one tenant's revocations to another", async () => {
    const id = freshId();
    await list.revoke(acme, [{ kind: 'token', id, expiresAtMs: nowMs() + HOUR_MS }]);
    expect(await revoked('token', id, globex)).toBe(false);
  });

  it('accepts empty batches without a round trip', async () => {
    expect((await list.revoke(acme, [])).isOk()).toBe(true);
    expect((await list.isRevoked(acme, []))._unsafeUnwrap()).toBe(false);
  });

  it('takes a full batch of REVOCATION_BATCH_MAX entries at once', async () => {
    const expiresAtMs = nowMs() + HOUR_MS;
    const batch: Revocation[] = Array.from({ length: REVOCATION_BATCH_MAX }, () => ({
      kind: 'token',
      id: freshId(),
      expiresAtMs,
    }));
    expect((await list.revoke(acme, batch)).isOk()).toBe(true);
    const last = batch.at(-1);
    expect(last && (await revoked('token', last.id))).toBe(true);
    expect((await list.isRevoked(acme, batch))._unsafeUnwrap()).toBe(true);
  });

  it('treats oversized batches and malformed entries as programmer errors', async () => {
    const expiresAtMs = nowMs() + HOUR_MS;
    const entry: Revocation = { kind: 'token', id: freshId(), expiresAtMs };
    const oversized = Array.from({ length: REVOCATION_BATCH_MAX + 1 }, () => entry);
    await expectAssertionFailure(() => list.revoke(acme, oversized));
    await expectAssertionFailure(() => list.isRevoked(acme, oversized));
    const malformed: Revocation[] = [
      { ...entry, id: '' },
      { ...entry, id: 'i'.repeat(REVOCATION_ID_MAX_LENGTH + 1) },
      { ...entry, kind: 'cookie' as RevocationKind },
      { ...entry, expiresAtMs: 0 },
      { ...entry, expiresAtMs: expiresAtMs + 0.5 },
    ];
    for (const revocation of malformed) {
      await expectAssertionFailure(() => list.revoke(acme, [revocation]));
    }
    await expectAssertionFailure(() => list.isRevoked(acme, [{ kind: 'token', id: '' }]));
    // Nothing of a rejected batch was written.
    expect(await revoked('token', entry.id)).toBe(false);
  });
});
