import { BoundedCache, type Result, unwrapOrThrow } from '@strongroom/kernel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RevocationKind } from '../src/revocation/revocation-list.js';
import type { AccessTokenClaims } from '../src/tokens/access-token-claims.js';
import type { AccessTokenError } from '../src/tokens/access-token-error.js';
import { SIGNING_KEYS_PER_TENANT_MAX } from '../src/tokens/signing-key-record.js';
import { createSigningKeys } from '../src/tokens/signing-keys.js';
import { type AccessTokenVerifier, verifyAccessToken } from '../src/tokens/verify-access-token.js';
import {
  AUDIENCE,
  createTokenHarness,
  ISSUER,
  subjectOf,
  type TokenHarness,
  tenant,
} from './access-token-fixture.js';
import {
  createIdentityHarness,
  type IdentityHarness,
  registerVerifiedUser,
  signIn,
} from './identity-harness.js';

const acme = tenant('acme');
const admin = { type: 'user', id: 'usr_admin' } as const;
const invalid = (reason: string) => ({ type: 'identity.invalid_token', reason });
const REVOKED = { type: 'identity.token_revoked' };

// Every signature jose checks goes through WebCrypto: counting calls tells a cache hit from a miss.
function countSignatureChecks() {
  const spy = vi.spyOn(crypto.subtle, 'verify');
  return () => spy.mock.calls.length;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const outcome = (result: Result<AccessTokenClaims, AccessTokenError>) =>
  result.isOk() ? 'ok' : result.error;

describe('verified access tokens: the per-process cache', () => {
  it("checks a token's signature once, then serves the same frozen claims", async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const issued = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    const checks = countSignatureChecks();
    const first = unwrapOrThrow(await tokens.verify(issued.token));
    expect(checks()).toBe(1);
    const second = unwrapOrThrow(await tokens.verify(issued.token));
    expect(checks()).toBe(1);
    expect(second).toEqual(first);
    // Later requests share the object: nobody may change it for them.
    expect(Object.isFrozen(second) && Object.isFrozen(second.roles)).toBe(true);
    expect(Object.isFrozen(second.authenticationMethods)).toBe(true);
  });

  it.each<[RevocationKind, keyof AccessTokenClaims]>([
    ['token', 'jti'],
    ['session', 'sessionId'],
    ['device', 'deviceId'],
    ['user', 'userId'],
  ])('refuses a cached token once its %s is revoked', async (kind, claim) => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const issued = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    const claims = unwrapOrThrow(await tokens.verify(issued.token));
    const checks = countSignatureChecks();
    unwrapOrThrow(
      await harness.revocations.revoke(acme, [
        { kind, id: String(claims[claim]), expiresAtMs: issued.expiresAtMs },
      ]),
    );
    expect((await tokens.verify(issued.token))._unsafeUnwrapErr()).toEqual(REVOKED);
    // Refused on the cached path: the revocation list was read, the signature was not re-checked.
    expect(checks()).toBe(0);
  });

  it('answers exactly as an uncached verifier around not-before and expiry', async () => {
    const harness = createTokenHarness();
    // A clock that can also go back (as a system clock may), the one way to reach `nbf` again.
    const issuedAtMs = Date.UTC(2026, 0, 1, 0, 0, 10);
    let nowMs = issuedAtMs + 500;
    const clock = { now: () => new Date(nowMs) };
    const options = { clock, accessTokenTtlMs: 30_000, leewayMs: 5_000 };
    const uncached = harness.tokens({ ...options, verifiedTokenCache: { maxEntries: 0 } });
    // Issued half a second into a second: jose compares whole seconds.
    const issued = unwrapOrThrow(await uncached.issue(subjectOf(acme)));
    const offsets = [-5_001, -5_000, 0, 34_999, 35_000, 35_001];
    const seen: unknown[] = [];
    for (const offsetMs of offsets) {
      const cached = harness.tokens(options);
      nowMs = issuedAtMs + 500;
      unwrapOrThrow(await cached.verify(issued.token));
      nowMs = issuedAtMs + offsetMs;
      const checks = countSignatureChecks();
      const fromCache = outcome(await cached.verify(issued.token));
      expect(checks(), `offset ${offsetMs}`).toBe(0);
      expect(fromCache, `offset ${offsetMs}`).toEqual(outcome(await uncached.verify(issued.token)));
      seen.push(fromCache);
      vi.restoreAllMocks();
    }
    expect(seen).toEqual([
      invalid('not_yet_valid'),
      'ok',
      'ok',
      'ok',
      invalid('expired'),
      invalid('expired'),
    ]);
  });

  it('refuses a cached token once the fake clock passes its expiry and leeway', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const issued = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    // The default leeway is 30 s: the token passes until a second before exp + 30 s ends.
    harness.clock.set(new Date(issued.expiresAtMs + 30_000 - 1_000));
    unwrapOrThrow(await tokens.verify(issued.token));
    const checks = countSignatureChecks();
    harness.clock.advance(999);
    unwrapOrThrow(await tokens.verify(issued.token));
    harness.clock.advance(1);
    expect((await tokens.verify(issued.token))._unsafeUnwrapErr()).toEqual(invalid('expired'));
    // Both answers came from the cache.
    expect(checks()).toBe(0);
  });

  it('refuses a cached token whose key was deleted by later rotations, as an uncached one', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const issued = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    unwrapOrThrow(await tokens.verify(issued.token));
    for (let rotation = 0; rotation < SIGNING_KEYS_PER_TENANT_MAX; rotation += 1) {
      harness.clock.advance(1000);
      unwrapOrThrow(await tokens.rotateSigningKey(acme, admin));
    }
    const uncached = harness.tokens({ verifiedTokenCache: { maxEntries: 0 } });
    expect((await uncached.verify(issued.token))._unsafeUnwrapErr()).toEqual(
      invalid('unknown_key'),
    );
    expect((await tokens.verify(issued.token))._unsafeUnwrapErr()).toEqual(invalid('unknown_key'));
  });
});

describe('verified access tokens: what the cache holds', () => {
  function verifierOf(harness: TokenHarness, maxEntries: number): AccessTokenVerifier {
    const keys = createSigningKeys({
      storage: harness.storage,
      audit: harness.audit,
      cipher: harness.vault.cipher,
      clock: harness.clock,
      tokenLifetimeMs: 630_000,
    });
    return {
      keys: keys.verification,
      revocations: harness.revocations,
      clock: harness.clock,
      issuer: ISSUER,
      audience: AUDIENCE,
      leewayMs: 30_000,
      verified: new BoundedCache({ maxAgeMs: 60_000, maxEntries }, harness.clock),
    };
  }

  it('keeps at most maxEntries tokens, dropping the least recently used', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const verifier = verifierOf(harness, 3);
    const issued: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      issued.push(unwrapOrThrow(await tokens.issue(subjectOf(acme))).token);
    }
    for (const token of issued) unwrapOrThrow(await verifyAccessToken(verifier, token));
    expect(verifier.verified.size).toBe(3);
    const checks = countSignatureChecks();
    unwrapOrThrow(await verifyAccessToken(verifier, issued[4] as string));
    expect(checks()).toBe(0);
    unwrapOrThrow(await verifyAccessToken(verifier, issued[0] as string));
    expect(checks()).toBe(1);
    expect(verifier.verified.size).toBe(3);
  });

  it('drops a token once it has expired', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens({ accessTokenTtlMs: 10_000 });
    const verifier = verifierOf(harness, 10);
    const issued = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    unwrapOrThrow(await verifyAccessToken(verifier, issued.token));
    expect(verifier.verified.size).toBe(1);
    // Within the cache's minute: the lifetime of 10 s and the verifier's leeway of 30 s.
    harness.clock.advance(40_000);
    expect((await verifyAccessToken(verifier, issued.token))._unsafeUnwrapErr()).toEqual(
      invalid('expired'),
    );
    expect(verifier.verified.size).toBe(0);
  });

  it('never keeps a token whose signature or claims failed', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const verifier = verifierOf(harness, 10);
    const [first, second] = [
      unwrapOrThrow(await tokens.issue(subjectOf(acme))).token,
      unwrapOrThrow(await tokens.issue(subjectOf(acme))).token,
    ];
    // The first token's header and claims under the second's signature.
    const forged = `${first.split('.').slice(0, 2).join('.')}.${second.split('.')[2]}`;
    const checks = countSignatureChecks();
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      expect((await verifyAccessToken(verifier, forged))._unsafeUnwrapErr()).toEqual(
        invalid('bad_signature'),
      );
      expect(checks()).toBe(attempt);
    }
    expect(verifier.verified.size).toBe(0);
    // Expired at verification: the signature held, the claims did not, and nothing is kept.
    harness.clock.advance(630_000);
    expect((await verifyAccessToken(verifier, first))._unsafeUnwrapErr()).toEqual(
      invalid('expired'),
    );
    expect(verifier.verified.size).toBe(0);
  });
});

describe('verified access tokens: through identity', () => {
  async function signedInUser(harness: IdentityHarness) {
    await registerVerifiedUser(harness, 'ada@example.com');
    const signedIn = unwrapOrThrow(await signIn(harness, 'ada@example.com'));
    if (signedIn.status !== 'signed_in') throw new Error('the harness user was asked for MFA');
    const principal = unwrapOrThrow(await harness.identity.authenticate(signedIn.accessToken));
    return { signedIn, principal };
  }

  it('refuses a token authenticated before its session logged out', async () => {
    const harness = createIdentityHarness();
    const { signedIn, principal } = await signedInUser(harness);
    const checks = countSignatureChecks();
    unwrapOrThrow(await harness.identity.authenticate(signedIn.accessToken));
    unwrapOrThrow(await harness.identity.logout(principal));
    expect((await harness.identity.authenticate(signedIn.accessToken))._unsafeUnwrapErr()).toEqual(
      REVOKED,
    );
    expect(checks()).toBe(0);
  });

  it('refuses a token authenticated before its device was revoked', async () => {
    const harness = createIdentityHarness();
    const { signedIn, principal } = await signedInUser(harness);
    const checks = countSignatureChecks();
    unwrapOrThrow(await harness.identity.authenticate(signedIn.accessToken));
    unwrapOrThrow(
      await harness.identity.revokeDevice(principal, principal.userId, principal.deviceId),
    );
    expect((await harness.identity.authenticate(signedIn.accessToken))._unsafeUnwrapErr()).toEqual(
      REVOKED,
    );
    expect(checks()).toBe(0);
  });
});
