import { ok, unwrapOrThrow } from '@strongroom/kernel';
import { dumpMemoryStorage } from '@strongroom/memory';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { SIGNING_KEY_ACTIVE_ID, SIGNING_KEY_COLLECTION } from '../src/tokens/signing-key-record.js';
import {
  activePrivateJwk,
  auditEntries,
  createTokenHarness,
  storedSigningKeys,
  subjectOf,
  type TokenHarness,
  tenant,
} from './access-token-fixture.js';

const acme = tenant('acme');
const globex = tenant('globex');

const kidOf = (token: string) => String(decodeProtectedHeader(token).kid);

// Writes records straight through the port, as a damaged or hostile database would hold them.
async function putRaw(
  harness: TokenHarness,
  tenantId = acme,
  id: string,
  data: Record<string, unknown>,
) {
  unwrapOrThrow(
    await harness.storage.transaction(tenantId, async (tx) => {
      const existing = await tx.records.get(SIGNING_KEY_COLLECTION, id);
      await tx.records.put({
        collection: SIGNING_KEY_COLLECTION,
        id,
        data: data as never,
        expectedVersion: existing?.version ?? 0,
      });
      return ok(undefined);
    }),
  );
}

describe('signing keys: storage', () => {
  it('creates one key on first use, stores the private key only sealed, and audits it', async () => {
    const harness = createTokenHarness();
    const issued = unwrapOrThrow(await harness.tokens().issue(subjectOf(acme)));
    const [record, ...others] = storedSigningKeys(harness, acme);
    expect(others).toEqual([]);
    expect(record?.id).toBe(kidOf(issued.token));
    expect(record?.data).toEqual({
      kid: record?.id,
      algorithm: 'EdDSA',
      status: 'active',
      publicJwk: { kty: 'OKP', crv: 'Ed25519', x: expect.any(String) },
      privateKeyEnvelope: expect.stringMatching(/^sr1\./),
      createdAtMs: harness.clock.now().getTime(),
      retiredAtMs: null,
    });
    const { jwk } = await activePrivateJwk(harness, acme);
    const privateBytes = Buffer.from(String(jwk.d), 'base64url');
    const everything = JSON.stringify(dumpMemoryStorage(harness.storage));
    for (const form of ['base64url', 'base64', 'hex'] as const) {
      expect(everything).not.toContain(privateBytes.toString(form).replace(/=+$/, ''));
    }
    expect(auditEntries(harness, acme)).toMatchObject([
      {
        actor: { type: 'system', id: 'identity' },
        action: 'identity.signing_key.created',
        resource: { type: 'signing_key', id: record?.id },
        outcome: 'succeeded',
        details: { algorithm: 'EdDSA' },
      },
    ]);
  });

  it('keeps one key per tenant when two processes race for the first one', async () => {
    const harness = createTokenHarness();
    const [first, second] = [harness.tokens(), harness.tokens()];
    const issued = await Promise.all([
      first.issue(subjectOf(acme)),
      second.issue(subjectOf(acme)),
      first.issue(subjectOf(acme)),
      second.issue(subjectOf(acme)),
    ]);
    const kids = new Set(issued.map((result) => kidOf(unwrapOrThrow(result).token)));
    expect(kids.size).toBe(1);
    expect(storedSigningKeys(harness, acme).map((row) => row.id)).toEqual([...kids]);
    expect(auditEntries(harness, acme).map((entry) => entry.action)).toEqual([
      'identity.signing_key.created',
    ]);
  });

  it("gives every tenant its own key, and never verifies with another tenant's", async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const forAcme = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    const forGlobex = unwrapOrThrow(await tokens.issue(subjectOf(globex)));
    expect(kidOf(forAcme.token)).not.toBe(kidOf(forGlobex.token));
    expect(unwrapOrThrow(await tokens.jwks(acme)).keys.map((key) => key.kid)).toEqual([
      kidOf(forAcme.token),
    ]);
  });

  it('binds a sealed key to its tenant and kid: a copied record does not open', async () => {
    const harness = createTokenHarness();
    unwrapOrThrow(await harness.tokens().issue(subjectOf(acme)));
    const [record] = storedSigningKeys(harness, acme);
    if (record === undefined) throw new Error('acme has a key');
    const data = record.data as Record<string, unknown>;
    await putRaw(harness, globex, record.id, data);
    await putRaw(harness, globex, SIGNING_KEY_ACTIVE_ID, { kid: record.id });
    const copied = await harness.tokens().issue(subjectOf(globex));
    expect(copied._unsafeUnwrapErr().type).toBe('kms.unwrap_failed');
    const renamed = 'key_01jz0000000000000000000000';
    await putRaw(harness, acme, renamed, { ...data, kid: renamed });
    await putRaw(harness, acme, SIGNING_KEY_ACTIVE_ID, { kid: renamed });
    const moved = await harness.tokens().issue(subjectOf(acme));
    expect(moved._unsafeUnwrapErr()).toEqual({
      type: 'vault.decryption_failed',
      reason: 'authentication',
    });
  });

  it('reports a KEK the KMS does not hold as the KMS error', async () => {
    const harness = createTokenHarness();
    const refused = await harness.tokens({ keyId: 'absent' }).issue(subjectOf(acme));
    expect(refused._unsafeUnwrapErr()).toMatchObject({ type: 'kms.key_not_found' });
    expect(storedSigningKeys(harness, acme)).toEqual([]);
  });

  it('reports damaged key records as non-retryable infrastructure faults', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const issued = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    const kid = kidOf(issued.token);
    const fault = {
      type: 'infrastructure',
      retryable: false,
      operation: 'identity.signing_keys.read',
      message: expect.any(String),
    };
    await putRaw(harness, acme, kid, { kid, algorithm: 'RS256' });
    tokens.forget(acme);
    expect((await tokens.issue(subjectOf(acme)))._unsafeUnwrapErr()).toEqual(fault);
    expect((await tokens.verify(issued.token))._unsafeUnwrapErr()).toEqual(fault);
    expect((await tokens.jwks(acme))._unsafeUnwrapErr()).toEqual(fault);
    await putRaw(harness, acme, SIGNING_KEY_ACTIVE_ID, { kid: 'key_01jz0000000000000000000009' });
    expect((await tokens.issue(subjectOf(acme)))._unsafeUnwrapErr()).toEqual(fault);
  });
});

describe('signing keys: caches across processes', () => {
  it('verifies at once a token signed by a key another process just made', async () => {
    const harness = createTokenHarness();
    const [first, second] = [harness.tokens(), harness.tokens()];
    const before = unwrapOrThrow(await first.issue(subjectOf(acme)));
    unwrapOrThrow(await second.verify(before.token));
    unwrapOrThrow(await first.rotateSigningKey(acme, { type: 'user', id: 'usr_admin' }));
    const after = unwrapOrThrow(await first.issue(subjectOf(acme)));
    expect(kidOf(after.token)).not.toBe(kidOf(before.token));
    expect((await second.verify(after.token)).isOk()).toBe(true);
  });

  it('picks up a rotation made elsewhere within the cache age, and its old tokens still verify', async () => {
    const harness = createTokenHarness();
    const [first, second] = [harness.tokens(), harness.tokens()];
    const old = kidOf(unwrapOrThrow(await second.issue(subjectOf(acme))).token);
    const { kid } = unwrapOrThrow(
      await first.rotateSigningKey(acme, { type: 'user', id: 'usr_admin' }),
    );
    const stale = unwrapOrThrow(await second.issue(subjectOf(acme)));
    expect(kidOf(stale.token)).toBe(old);
    expect((await first.verify(stale.token)).isOk()).toBe(true);
    harness.clock.advance(60_000);
    expect(kidOf(unwrapOrThrow(await second.issue(subjectOf(acme))).token)).toBe(kid);
    second.forget(acme);
    expect(kidOf(unwrapOrThrow(await second.issue(subjectOf(acme))).token)).toBe(kid);
  });
});
