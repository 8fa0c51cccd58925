import {
  AUDIT_COLLECTIONS,
  type AuditEntry,
  type AuditLog,
  createAuditLog,
} from '@strongroom/audit';
import {
  FakeClock,
  ok,
  parseTenantId,
  type Storage,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage, dumpMemoryStorage } from '@strongroom/memory';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  createVault,
  generateSoftwareKeyring,
  type Vault,
} from '@strongroom/vault';
import {
  type CompactJWSHeaderParameters,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import type { RevocationList } from '../src/revocation/revocation-list.js';
import { createStorageRevocationList } from '../src/revocation/storage-revocation-list.js';
import {
  type AccessTokens,
  type AccessTokensOptions,
  createAccessTokens,
} from '../src/tokens/access-token.js';
import type { AccessTokenSubject } from '../src/tokens/access-token-claims.js';
import { SIGNING_KEY_ACTIVE_ID, SIGNING_KEY_COLLECTION } from '../src/tokens/signing-key-record.js';

/** The issuer the harness's tokens use. */
export const ISSUER = 'https://id.strongroom.test';
/** The audience the harness's tokens use. */
export const AUDIENCE = 'https://api.strongroom.test';

/** A parsed tenant id. */
export function tenant(name: string): TenantId {
  return unwrapOrThrow(parseTenantId(name));
}

/** A memory storage, an audit log, a vault on the software KMS and the storage revocation list. */
export interface TokenHarness {
  readonly storage: Storage;
  readonly audit: AuditLog;
  readonly vault: Vault;
  readonly clock: FakeClock;
  readonly revocations: RevocationList;
  /** Access tokens over this harness, as a process would build them (`overrides` change options). */
  tokens(overrides?: Partial<AccessTokensOptions>): AccessTokens;
}

/** Builds a {@link TokenHarness} whose KMS holds the `tokens` KEK. */
export function createTokenHarness(): TokenHarness {
  const clock = new FakeClock();
  const storage = createMemoryStorage();
  const audit = createAuditLog({
    storage,
    clock,
    signing: {
      originPrefix: 'identity.strongroom.test',
      masterSeeds: [new Uint8Array(32).fill(7)],
    },
  });
  const kms = createSoftwareKms({ keyring: generateSoftwareKeyring(['tokens'], clock), clock });
  const vault = createVault({
    storage,
    audit,
    kms,
    secrets: createEnvironmentSecretProvider({}),
    clock,
  });
  const revocations = createStorageRevocationList({ storage, clock });
  const tokens = (overrides: Partial<AccessTokensOptions> = {}) =>
    createAccessTokens({
      storage,
      audit,
      cipher: vault.cipher,
      clock,
      issuer: ISSUER,
      audience: AUDIENCE,
      revocations,
      ...overrides,
    });
  return { storage, audit, vault, clock, revocations, tokens };
}

/** A typical subject: one device's session of one user. */
export function subjectOf(tenantId: TenantId, overrides: Partial<AccessTokenSubject> = {}) {
  return {
    tenantId,
    userId: 'usr_01jz0000000000000000000001',
    deviceId: 'dev_01jz0000000000000000000001',
    sessionId: 'ses_01jz0000000000000000000001',
    roles: ['operator'],
    authenticationMethods: ['pwd', 'otp'],
    ...overrides,
  } satisfies AccessTokenSubject;
}

/**
 * The tenant's active private JWK, opened the way an insider with database and KMS access could:
 * tests use it to sign tokens `issue` would never make, and to look for its bytes in storage.
 */
export async function activePrivateJwk(
  harness: TokenHarness,
  tenantId: TenantId,
): Promise<{ kid: string; algorithm: string; jwk: JWK }> {
  const record = unwrapOrThrow(
    await harness.storage.transaction(tenantId, async (tx) => {
      const pointer = await tx.records.get(SIGNING_KEY_COLLECTION, SIGNING_KEY_ACTIVE_ID);
      return ok(await tx.records.get(SIGNING_KEY_COLLECTION, String(pointer?.data['kid'])));
    }),
  );
  if (record === undefined) throw new Error('the tenant has no active signing key');
  const binding = { tenantId, recordId: record.id, field: 'privateKey' };
  const opened = await harness.vault.cipher.decrypt(
    binding,
    String(record.data['privateKeyEnvelope']),
  );
  const jwk = JSON.parse(new TextDecoder().decode(unwrapOrThrow(opened))) as JWK;
  return { kid: record.id, algorithm: String(record.data['algorithm']), jwk };
}

/** Signs any header and claims with the tenant's active key (see {@link activePrivateJwk}). */
export async function signAsInsider(
  harness: TokenHarness,
  tenantId: TenantId,
  header: Partial<CompactJWSHeaderParameters>,
  payload: JWTPayload,
): Promise<string> {
  const { kid, algorithm, jwk } = await activePrivateJwk(harness, tenantId);
  const key = await importJWK(jwk, algorithm);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: algorithm, kid, typ: 'at+jwt', ...header })
    .sign(key);
}

/** The claims `issue` would write for `subjectOf(tenantId)` at the harness's time, to edit. */
export function validClaims(harness: TokenHarness, tenantId: TenantId): JWTPayload {
  const nowSeconds = Math.floor(harness.clock.now().getTime() / 1000);
  const subject = subjectOf(tenantId);
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: subject.userId,
    tid: tenantId,
    dev: subject.deviceId,
    sid: subject.sessionId,
    jti: 'tok_01jz0000000000000000000001',
    roles: subject.roles,
    amr: subject.authenticationMethods,
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + 600,
  };
}

/** Base64url of JSON, for crafting tokens by hand. */
export function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The audit entries written so far for a tenant (integrated or not), read below the port. */
export function auditEntries(harness: TokenHarness, tenantId: TenantId): AuditEntry[] {
  return dumpMemoryStorage(harness.storage)
    .filter(
      (row) =>
        row.tenantId === tenantId &&
        (row.collection === AUDIT_COLLECTIONS.pending ||
          row.collection === AUDIT_COLLECTIONS.entries),
    )
    .map((row) => JSON.parse(String((row.data as { leaf: unknown }).leaf)) as AuditEntry)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The tenant's stored signing key records (not the active pointer), read below the port. */
export function storedSigningKeys(harness: TokenHarness, tenantId: TenantId) {
  return dumpMemoryStorage(harness.storage).filter(
    (row) =>
      row.tenantId === tenantId &&
      row.collection === SIGNING_KEY_COLLECTION &&
      row.id !== SIGNING_KEY_ACTIVE_ID,
  );
}
