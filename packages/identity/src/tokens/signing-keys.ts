import type { AuditActor, AuditEntryError, AuditLog } from '@strongroom/audit';
import {
  assert,
  BoundedCache,
  type BoundedCacheLimits,
  type Clock,
  err,
  type IdGenerator,
  type InfrastructureError,
  ok,
  type Result,
  resolveIdGenerator,
  type Storage,
  type StorageError,
  systemClock,
  type TenantId,
} from '@strongroom/kernel';
import type { EnvelopeCipher, EnvelopeError } from '@strongroom/vault';
import type { CryptoKey } from 'jose';
import { SIGNING_ALGORITHM_DEFAULT, type SigningAlgorithm } from './signing-algorithm.js';
import {
  SIGNING_KEY_AUDIT_ACTIONS,
  SIGNING_KEY_SYSTEM_ACTOR,
  signingKeyLeaf,
} from './signing-key-audit.js';
import { generateSigningKey, unsealPrivateKey } from './signing-key-material.js';
import type { SigningKeyRecord } from './signing-key-record.js';
import { installFirstKey, readActiveKey, rotateKeys } from './signing-key-store.js';
import { createVerificationKeys, type VerificationKeys } from './verification-keys.js';

/** The KEK that seals signing keys unless configured; the KMS must hold it. */
export const TOKEN_SIGNING_KEK_DEFAULT = 'tokens';

/**
 * Cache limits unless configured: a minute, so a rotation by another process is picked up within
 * one, and ten thousand tenants (entries are key handles, not key bytes).
 */
export const SIGNING_KEY_CACHE_DEFAULTS: BoundedCacheLimits = {
  maxAgeMs: 60_000,
  maxEntries: 10_000,
};

/** The key a tenant signs with now, its private half usable for signing only. */
export interface ActiveSigningKey {
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  /** Non-extractable: its bytes cannot be read back out of the process's cache. */
  readonly privateKey: CryptoKey;
}

/** What a rotation did: the new active `kid`, and the one it retired (none before the first key). */
export interface SigningKeyRotation {
  readonly kid: string;
  readonly retiredKid: string | null;
}

/** Every error of creating, rotating or opening a signing key. */
export type SigningKeyError = StorageError | EnvelopeError | AuditEntryError;

/** What {@link createSigningKeys} needs. */
export interface SigningKeysOptions {
  readonly storage: Storage;
  readonly audit: AuditLog;
  /** The vault's envelope cipher; private keys are stored only sealed by it. */
  readonly cipher: EnvelopeCipher;
  readonly clock?: Clock;
  /** The algorithm of keys created from now on; {@link SIGNING_ALGORITHM_DEFAULT} by default. */
  readonly algorithm?: SigningAlgorithm;
  /** The KEK that seals private keys; {@link TOKEN_SIGNING_KEK_DEFAULT} by default. */
  readonly keyId?: string;
  /** How long a signed token stays acceptable at most: its lifetime plus the verifiers' leeway. */
  readonly tokenLifetimeMs: number;
  readonly cache?: Partial<BoundedCacheLimits>;
  readonly ids?: IdGenerator;
}

/** Per-tenant signing keys: created on first use, rotated on demand, cached briefly per process. */
export interface SigningKeys {
  readonly algorithm: SigningAlgorithm;
  /**
   * How long a retired key still verifies: the token lifetime, the leeway, and the cache age
   * during which another process may still sign with the key it has cached.
   */
  readonly verificationWindowMs: number;
  /** The tenant's active key, created on first use (once, however many processes race). */
  active(tenantId: TenantId): Promise<Result<ActiveSigningKey, SigningKeyError>>;
  /** Makes a new key active and retires the current one; writes an audit leaf. */
  rotate(
    tenantId: TenantId,
    actor: AuditActor,
  ): Promise<Result<SigningKeyRotation, SigningKeyError>>;
  /** The public side: verification by `kid` and the JWKS. */
  readonly verification: VerificationKeys;
  /** Drops the tenant's cached keys, so the next use reads storage again. */
  forget(tenantId: TenantId): void;
}

/** Builds {@link SigningKeys}. */
export function createSigningKeys(options: SigningKeysOptions): SigningKeys {
  const { storage, audit, cipher } = options;
  const clock = options.clock ?? systemClock;
  const ids = resolveIdGenerator(options.ids);
  const algorithm = options.algorithm ?? SIGNING_ALGORITHM_DEFAULT;
  const sealer = { cipher, keyId: options.keyId ?? TOKEN_SIGNING_KEK_DEFAULT };
  const limits = { ...SIGNING_KEY_CACHE_DEFAULTS, ...options.cache };
  assert(
    Number.isSafeInteger(options.tokenLifetimeMs) && options.tokenLifetimeMs > 0,
    'tokenLifetimeMs is a positive integer',
  );
  const verificationWindowMs = options.tokenLifetimeMs + limits.maxAgeMs;
  const signing = new BoundedCache<ActiveSigningKey>(limits, clock);
  const verification = createVerificationKeys({
    storage,
    clock,
    windowMs: verificationWindowMs,
    cache: limits,
  });
  // Loads in flight, so concurrent first uses in one process make one key and one KMS call.
  const loading = new Map<TenantId, Promise<Result<ActiveSigningKey, SigningKeyError>>>();

  const newKey = (tenantId: TenantId) =>
    generateSigningKey(sealer, tenantId, {
      kid: ids.next('key'),
      algorithm,
      createdAtMs: clock.now().getTime(),
    });

  const createFirst = async (
    tenantId: TenantId,
  ): Promise<Result<SigningKeyRecord, SigningKeyError>> => {
    const fresh = await newKey(tenantId);
    if (fresh.isErr()) return err(fresh.error);
    type Installed = Result<SigningKeyRecord, InfrastructureError | AuditEntryError>;
    return storage.transaction(tenantId, async (tx): Promise<Installed> => {
      const installed = await installFirstKey(tx, fresh.value);
      if (installed.isErr() || !installed.value.created) return installed.map((o) => o.record);
      const { created } = SIGNING_KEY_AUDIT_ACTIONS;
      const leafInput = signingKeyLeaf(SIGNING_KEY_SYSTEM_ACTOR, created, fresh.value.kid, {
        algorithm,
      });
      const leaf = await audit.append(tx, leafInput);
      return leaf.isErr() ? err(leaf.error) : ok(fresh.value);
    });
  };

  const loadActive = async (
    tenantId: TenantId,
  ): Promise<Result<ActiveSigningKey, SigningKeyError>> => {
    const read = await storage.transaction(tenantId, async (tx) => readActiveKey(tx));
    if (read.isErr()) return err(read.error);
    const record = read.value === undefined ? await createFirst(tenantId) : ok(read.value);
    if (record.isErr()) return err(record.error);
    const privateKey = await unsealPrivateKey(cipher, tenantId, record.value);
    if (privateKey.isErr()) return err(privateKey.error);
    const key = {
      kid: record.value.kid,
      algorithm: record.value.algorithm,
      privateKey: privateKey.value,
    };
    signing.set(tenantId, key);
    return ok(key);
  };

  function forget(tenantId: TenantId): void {
    signing.delete(tenantId);
    verification.forget(tenantId);
  }

  return {
    algorithm,
    verificationWindowMs,
    async active(tenantId) {
      const cached = signing.get(tenantId);
      if (cached !== undefined) return ok(cached);
      const pending = loading.get(tenantId);
      if (pending !== undefined) return pending;
      const load = loadActive(tenantId).finally(() => loading.delete(tenantId));
      loading.set(tenantId, load);
      return load;
    },
    async rotate(tenantId, actor) {
      const fresh = await newKey(tenantId);
      if (fresh.isErr()) return err(fresh.error);
      const timing = { nowMs: clock.now().getTime(), windowMs: verificationWindowMs };
      type Rotated = Result<SigningKeyRotation, InfrastructureError | AuditEntryError>;
      const rotated = await storage.transaction(tenantId, async (tx): Promise<Rotated> => {
        const retiredKid = await rotateKeys(tx, fresh.value, timing);
        if (retiredKid.isErr()) return err(retiredKid.error);
        const { rotated: action } = SIGNING_KEY_AUDIT_ACTIONS;
        const details = { algorithm, retiredKid: retiredKid.value };
        const leaf = await audit.append(
          tx,
          signingKeyLeaf(actor, action, fresh.value.kid, details),
        );
        return leaf.isErr()
          ? err(leaf.error)
          : ok({ kid: fresh.value.kid, retiredKid: retiredKid.value });
      });
      forget(tenantId);
      return rotated;
    },
    verification,
    forget,
  };
}
