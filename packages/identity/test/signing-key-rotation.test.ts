import { unwrapOrThrow } from '@strongroom/kernel';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { SIGNING_KEYS_PER_TENANT_MAX } from '../src/tokens/signing-key-record.js';
import {
  auditEntries,
  createTokenHarness,
  storedSigningKeys,
  subjectOf,
  tenant,
} from './access-token-fixture.js';

const acme = tenant('acme');
const admin = { type: 'user', id: 'usr_admin' } as const;
const kidOf = (token: string) => String(decodeProtectedHeader(token).kid);
const invalid = (reason: string) => ({ type: 'identity.invalid_token', reason });

// Default lifetime (10 min) + leeway (30 s) + key cache age (60 s).
const WINDOW_MS = 600_000 + 30_000 + 60_000;

describe('signing key rotation', () => {
  it('signs with the new key, verifies with the old one until its window ends, and audits', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const before = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    const rotation = unwrapOrThrow(await tokens.rotateSigningKey(acme, admin));
    expect(rotation).toEqual({
      kid: expect.stringMatching(/^key_/),
      retiredKid: kidOf(before.token),
    });
    const after = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    expect(kidOf(after.token)).toBe(rotation.kid);
    const jwks = unwrapOrThrow(await tokens.jwks(acme));
    expect(jwks.keys.map((key) => key.kid)).toEqual([rotation.kid, rotation.retiredKid]);
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
      expect(key).toMatchObject({ alg: 'EdDSA', use: 'sig', kty: 'OKP', crv: 'Ed25519' });
    }
    expect((await tokens.verify(before.token)).isOk()).toBe(true);
    expect(auditEntries(harness, acme).at(-1)).toMatchObject({
      actor: admin,
      action: 'identity.signing_key.rotated',
      resource: { type: 'signing_key', id: rotation.kid },
      outcome: 'succeeded',
      details: { algorithm: 'EdDSA', retiredKid: rotation.retiredKid },
    });
    harness.clock.advance(WINDOW_MS - 1000);
    // The old key still verifies (the token has merely expired) and is still published.
    expect((await tokens.verify(before.token))._unsafeUnwrapErr()).toEqual(invalid('expired'));
    expect(unwrapOrThrow(await tokens.jwks(acme)).keys).toHaveLength(2);
    harness.clock.advance(1000);
    expect((await tokens.verify(before.token))._unsafeUnwrapErr()).toEqual(invalid('unknown_key'));
    expect(unwrapOrThrow(await tokens.jwks(acme)).keys.map((key) => key.kid)).toEqual([
      rotation.kid,
    ]);
  });

  it('accepts an old-key token signed just before rotation for its whole lifetime', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const before = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    unwrapOrThrow(await tokens.rotateSigningKey(acme, admin));
    harness.clock.advance(600_000 + 29_000);
    expect((await tokens.verify(before.token)).isOk()).toBe(true);
  });

  it('creates the first key when rotating a tenant that has none', async () => {
    const harness = createTokenHarness();
    const rotation = unwrapOrThrow(await harness.tokens().rotateSigningKey(acme, admin));
    expect(rotation.retiredKid).toBeNull();
    expect(storedSigningKeys(harness, acme).map((row) => row.id)).toEqual([rotation.kid]);
  });

  it('ends with exactly one active key after concurrent rotations', async () => {
    const harness = createTokenHarness();
    const [first, second] = [harness.tokens(), harness.tokens()];
    unwrapOrThrow(await first.issue(subjectOf(acme)));
    const rotations = await Promise.all([
      first.rotateSigningKey(acme, admin),
      second.rotateSigningKey(acme, admin),
    ]);
    const kids = rotations.map((rotation) => unwrapOrThrow(rotation).kid);
    const active = storedSigningKeys(harness, acme).filter(
      (row) => (row.data as { status: string }).status === 'active',
    );
    expect(active).toHaveLength(1);
    expect(kids).toContain(active[0]?.id);
    expect(storedSigningKeys(harness, acme)).toHaveLength(3);
  });

  it(`keeps at most ${SIGNING_KEYS_PER_TENANT_MAX} keys, dropping the oldest retired ones`, async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const first = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    const kids = [kidOf(first.token)];
    for (let rotation = 0; rotation < SIGNING_KEYS_PER_TENANT_MAX + 2; rotation += 1) {
      harness.clock.advance(1000);
      kids.push(unwrapOrThrow(await tokens.rotateSigningKey(acme, admin)).kid);
    }
    const kept = kids.slice(-SIGNING_KEYS_PER_TENANT_MAX);
    expect(
      storedSigningKeys(harness, acme)
        .map((row) => row.id)
        .sort(),
    ).toEqual([...kept].sort());
    expect(unwrapOrThrow(await tokens.jwks(acme)).keys.map((key) => key.kid)).toEqual(
      [...kept].reverse(),
    );
    expect((await tokens.verify(first.token))._unsafeUnwrapErr()).toEqual(invalid('unknown_key'));
  });

  it('deletes retired keys past their window at the next rotation', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    unwrapOrThrow(await tokens.rotateSigningKey(acme, admin));
    harness.clock.advance(WINDOW_MS);
    const latest = unwrapOrThrow(await tokens.rotateSigningKey(acme, admin));
    expect(
      storedSigningKeys(harness, acme)
        .map((row) => row.id)
        .sort(),
    ).toEqual([latest.kid, latest.retiredKid].sort());
  });

  it('switches algorithm by rotation, and tokens of the old algorithm keep verifying', async () => {
    const harness = createTokenHarness();
    const edwards = harness.tokens();
    const old = unwrapOrThrow(await edwards.issue(subjectOf(acme)));
    const nist = harness.tokens({ algorithm: 'ES256' });
    // Configuring another algorithm does not change the active key; rotating does.
    expect(decodeProtectedHeader(unwrapOrThrow(await nist.issue(subjectOf(acme))).token).alg).toBe(
      'EdDSA',
    );
    unwrapOrThrow(await nist.rotateSigningKey(acme, admin));
    const fresh = unwrapOrThrow(await nist.issue(subjectOf(acme)));
    expect(decodeProtectedHeader(fresh.token).alg).toBe('ES256');
    expect((await nist.verify(old.token)).isOk()).toBe(true);
    expect((await edwards.verify(fresh.token)).isOk()).toBe(true);
    expect(unwrapOrThrow(await nist.jwks(acme)).keys.map((key) => key.alg)).toEqual([
      'ES256',
      'EdDSA',
    ]);
  });
});
