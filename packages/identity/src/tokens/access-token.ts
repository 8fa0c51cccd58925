import type { AuditActor, AuditLog } from '@strongroom/audit';
import {
  assert,
  BoundedCache,
  type BoundedCacheLimits,
  type Clock,
  err,
  type IdGenerator,
  type KeyValueCache,
  ok,
  type Result,
  resolveIdGenerator,
  type Storage,
  type StorageError,
  systemClock,
  type TenantId,
  type ValidationError,
} from '@strongroom/kernel';
import type { EnvelopeCipher } from '@strongroom/vault';
import { SignJWT } from 'jose';
import type { RevocationList } from '../revocation/revocation-list.js';
import {
  type AccessTokenClaims,
  type AccessTokenSubject,
  accessTokenPayload,
  checkAccessTokenSubject,
} from './access-token-claims.js';
import type { AccessTokenError } from './access-token-error.js';
import {
  ACCESS_TOKEN_LEEWAY_MAX_MS,
  ACCESS_TOKEN_LEEWAY_MS_DEFAULT,
  ACCESS_TOKEN_MAX_LENGTH,
  ACCESS_TOKEN_PARTY_MAX_LENGTH,
  ACCESS_TOKEN_TTL_MAX_MS,
  ACCESS_TOKEN_TTL_MS_DEFAULT,
  ACCESS_TOKEN_TYPE,
} from './access-token-limits.js';
import type { SigningAlgorithm } from './signing-algorithm.js';
import { type PublicSigningJwk, publicMembers } from './signing-key-record.js';
import {
  createSigningKeys,
  type SigningKeyError,
  type SigningKeyRotation,
  type SigningKeys,
} from './signing-keys.js';
import { VERIFIED_TOKEN_CACHE_DEFAULTS } from './verified-tokens.js';
import { type AccessTokenVerifier, verifyAccessToken } from './verify-access-token.js';

/** What {@link createAccessTokens} needs. */
export interface AccessTokensOptions {
  readonly storage: Storage;
  readonly audit: AuditLog;
  /** The vault's envelope cipher, which seals the signing keys. */
  readonly cipher: EnvelopeCipher;
  readonly clock?: Clock;
  /** The `iss` of every token (an HTTPS URL of the deployment). */
  readonly issuer: string;
  /** The `aud` of every token, and the only one accepted. */
  readonly audience: string;
  readonly revocations: RevocationList;
  /** The algorithm of keys created from now on (rotate to switch); `EdDSA` by default. */
  readonly algorithm?: SigningAlgorithm;
  /** Whole seconds, at most {@link ACCESS_TOKEN_TTL_MAX_MS}; {@link ACCESS_TOKEN_TTL_MS_DEFAULT} by default. */
  readonly accessTokenTtlMs?: number;
  /** Whole seconds, at most {@link ACCESS_TOKEN_LEEWAY_MAX_MS}; {@link ACCESS_TOKEN_LEEWAY_MS_DEFAULT} by default. */
  readonly leewayMs?: number;
  /** The KEK that seals signing keys; `tokens` by default. */
  readonly keyId?: string;
  /** The per-process key cache; a minute and ten thousand tenants by default. */
  readonly cache?: Partial<BoundedCacheLimits>;
  /**
   * The per-process cache of verified tokens, so a token's signature is checked once a minute
   * rather than on every request; see {@link VERIFIED_TOKEN_CACHE_DEFAULTS}. `maxEntries: 0` turns
   * it off.
   */
  readonly verifiedTokenCache?: Partial<BoundedCacheLimits>;
  /**
   * Where published JWKS are kept between requests (Redis, the storage), so serving
   * `/.well-known/jwks.json` reads no keys; without it every `jwks` call reads them.
   */
  readonly jwksCache?: KeyValueCache;
  readonly ids?: IdGenerator;
}

/** A freshly signed token; only the caller sees it, and nothing stores it. */
export interface IssuedAccessToken {
  readonly token: string;
  readonly jti: string;
  readonly expiresAtMs: number;
}

/** A public key as a JWKS member (RFC 7517 §4): never a private member. */
export interface PublicJwk extends PublicSigningJwk {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly use: 'sig';
}

/** A tenant's JSON Web Key Set, for resource servers that verify tokens themselves. */
export interface JsonWebKeySet {
  readonly keys: readonly PublicJwk[];
}

/** How to verify one token. */
export interface VerifyAccessTokenOptions {
  /** Refuse (`wrong_tenant`) a token of any other tenant, e.g. on a tenant's own host name. */
  readonly tenantId?: TenantId;
}

/** Short-lived signed access tokens (JWT, RFC 9068) with per-tenant rotating keys. */
export interface AccessTokens {
  /** Signs a token for one session of one device of one user. */
  issue(
    subject: AccessTokenSubject,
  ): Promise<Result<IssuedAccessToken, ValidationError | SigningKeyError>>;
  /** Verifies a token completely, revocation included; never echoes it in an error. */
  verify(
    token: string,
    options?: VerifyAccessTokenOptions,
  ): Promise<Result<AccessTokenClaims, AccessTokenError>>;
  /** The tenant's public keys that may still verify: the active one and recently retired ones. */
  jwks(tenantId: TenantId): Promise<Result<JsonWebKeySet, StorageError>>;
  /** Starts signing with a new key; the old one verifies until its tokens have expired. */
  rotateSigningKey(
    tenantId: TenantId,
    actor: AuditActor,
  ): Promise<Result<SigningKeyRotation, SigningKeyError>>;
  /** Drops the tenant's cached keys in this process. */
  forget(tenantId: TenantId): void;
}

const isParty = (value: string) =>
  value.length <= ACCESS_TOKEN_PARTY_MAX_LENGTH && /^[\x21-\x7e]+$/.test(value);

const isWholeSeconds = (ms: number, max: number) =>
  Number.isSafeInteger(ms) && ms >= 0 && ms <= max && ms % 1000 === 0;

/** The cache key of a tenant's published JWKS. */
export const JWKS_CACHE_KEY = 'identity.jwks';

/**
 * How long a published JWKS is served from the cache: the signing-key cache's age, so a rotation
 * done elsewhere reaches JWKS readers as soon as it reaches token signers (this process drops its
 * entry at once).
 */
export const JWKS_CACHE_TTL_MS = 60_000;

/** Builds {@link AccessTokens}. Options are code, not input: a bad one is a bug and throws. */
export function createAccessTokens(options: AccessTokensOptions): AccessTokens {
  const clock = options.clock ?? systemClock;
  const ids = resolveIdGenerator(options.ids);
  const ttlMs = options.accessTokenTtlMs ?? ACCESS_TOKEN_TTL_MS_DEFAULT;
  const leewayMs = options.leewayMs ?? ACCESS_TOKEN_LEEWAY_MS_DEFAULT;
  const { issuer, audience } = options;
  assert(isParty(issuer) && isParty(audience), 'issuer and audience are short printable strings');
  assert(isWholeSeconds(ttlMs, ACCESS_TOKEN_TTL_MAX_MS) && ttlMs > 0, 'ttl is 1 s to 1 hour');
  assert(isWholeSeconds(leewayMs, ACCESS_TOKEN_LEEWAY_MAX_MS), 'leeway is 0 to 5 minutes');
  const keys: SigningKeys = createSigningKeys({
    ...options,
    clock,
    ids,
    tokenLifetimeMs: ttlMs + leewayMs,
  });
  const verifier: AccessTokenVerifier = {
    keys: keys.verification,
    revocations: options.revocations,
    clock,
    issuer,
    audience,
    leewayMs,
    verified: new BoundedCache(
      { ...VERIFIED_TOKEN_CACHE_DEFAULTS, ...options.verifiedTokenCache },
      clock,
    ),
  };

  return {
    async issue(subject) {
      const checked = checkAccessTokenSubject(subject);
      if (checked.isErr()) return err(checked.error);
      const key = await keys.active(subject.tenantId);
      if (key.isErr()) return err(key.error);
      const issuedAt = Math.floor(clock.now().getTime() / 1000);
      const expiresAt = issuedAt + ttlMs / 1000;
      const jti = ids.next('tok');
      const token = await new SignJWT(accessTokenPayload(subject, jti))
        .setProtectedHeader({
          alg: key.value.algorithm,
          kid: key.value.kid,
          typ: ACCESS_TOKEN_TYPE,
        })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setNotBefore(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key.value.privateKey);
      assert(
        token.length <= ACCESS_TOKEN_MAX_LENGTH,
        'bounded claims keep a token within its limit',
      );
      return ok({ token, jti, expiresAtMs: expiresAt * 1000 });
    },
    verify: (token, verifyOptions) => verifyAccessToken(verifier, token, verifyOptions?.tenantId),
    async jwks(tenantId) {
      const cached = await options.jwksCache?.get(tenantId, JWKS_CACHE_KEY);
      if (cached?.isOk() && cached.value !== undefined)
        return ok(JSON.parse(cached.value) as JsonWebKeySet);
      const listed = await keys.verification.list(tenantId);
      if (listed.isErr()) return err(listed.error);
      const jwks: JsonWebKeySet = {
        keys: listed.value.map((key) => ({
          ...publicMembers(key.publicJwk),
          kid: key.kid,
          alg: key.algorithm,
          use: 'sig' as const,
        })),
      };
      // A cache that fails costs a key read next time, nothing more: its errors are not the caller's.
      await options.jwksCache?.set(
        tenantId,
        JWKS_CACHE_KEY,
        JSON.stringify(jwks),
        JWKS_CACHE_TTL_MS,
      );
      return ok(jwks);
    },
    async rotateSigningKey(tenantId, actor) {
      const rotated = await keys.rotate(tenantId, actor);
      if (rotated.isOk()) await options.jwksCache?.delete(tenantId, JWKS_CACHE_KEY);
      return rotated;
    },
    forget: (tenantId) => keys.forget(tenantId),
  };
}
