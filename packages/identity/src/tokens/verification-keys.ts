import {
  BoundedCache,
  type BoundedCacheLimits,
  type Clock,
  err,
  ok,
  parseId,
  type Result,
  type Storage,
  type StorageError,
  type TenantId,
} from '@strongroom/kernel';
import type { CryptoKey } from 'jose';
import type { SigningAlgorithm } from './signing-algorithm.js';
import { importPublicKey } from './signing-key-material.js';
import {
  isVerifying,
  type PublicSigningJwk,
  SIGNING_KEYS_PER_TENANT_MAX,
  type SigningKeyRecord,
} from './signing-key-record.js';
import { listKeys, readKey } from './signing-key-store.js';

/** A key a token's signature may be checked with. */
export interface VerificationKey {
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  readonly publicKey: CryptoKey;
}

/** A public key as published in a JWKS. */
export interface PublicSigningKey {
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  readonly publicJwk: PublicSigningJwk;
}

/** The public side of a tenant's signing keys. */
export interface VerificationKeys {
  /** The tenant's key with this `kid` if it may still verify; only that tenant's keys are searched. */
  find(tenantId: TenantId, kid: string): Promise<Result<VerificationKey | undefined, StorageError>>;
  /** The tenant's keys that may still verify, the active one first. */
  list(tenantId: TenantId): Promise<Result<readonly PublicSigningKey[], StorageError>>;
  /** Drops the tenant's cached keys. */
  forget(tenantId: TenantId): void;
}

interface CachedKey extends VerificationKey {
  readonly retiredAtMs: number | null;
}

/**
 * Builds {@link VerificationKeys}. Public keys are cached per tenant; a `kid` not in the cache is
 * read from storage at once (one read by id, like the revocation check every token costs anyway),
 * so a key another process just created verifies without waiting for the cache to expire. Misses
 * are not cached: a `kid` that is not a `key_` id is refused before any read.
 */
export function createVerificationKeys(options: {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly windowMs: number;
  readonly cache: BoundedCacheLimits;
}): VerificationKeys {
  const { storage, clock, windowMs } = options;
  const cache = new BoundedCache<Map<string, CachedKey>>(options.cache, clock);

  const remember = (tenantId: TenantId, key: CachedKey) => {
    let tenantKeys = cache.get(tenantId);
    if (tenantKeys === undefined || tenantKeys.size >= SIGNING_KEYS_PER_TENANT_MAX) {
      tenantKeys = new Map();
      cache.set(tenantId, tenantKeys);
    }
    tenantKeys.set(key.kid, key);
  };

  const load = async (
    tenantId: TenantId,
    kid: string,
  ): Promise<Result<CachedKey | undefined, StorageError>> => {
    const read = await storage.transaction(tenantId, async (tx) => readKey(tx, kid));
    if (read.isErr()) return err(read.error);
    if (read.value === undefined) return ok(undefined);
    const { algorithm, retiredAtMs } = read.value;
    const publicKey = await importPublicKey(read.value);
    if (publicKey.isErr()) return err(publicKey.error);
    const key = { kid, algorithm, publicKey: publicKey.value, retiredAtMs };
    remember(tenantId, key);
    return ok(key);
  };

  return {
    async find(tenantId, kid) {
      if (parseId('key', kid).isErr()) return ok(undefined);
      const cached = cache.get(tenantId)?.get(kid);
      const found = cached === undefined ? await load(tenantId, kid) : ok(cached);
      if (found.isErr() || found.value === undefined) return found;
      return ok(
        isVerifying(found.value, clock.now().getTime(), windowMs) ? found.value : undefined,
      );
    },
    async list(tenantId) {
      const listed = await storage.transaction(tenantId, async (tx) => listKeys(tx));
      if (listed.isErr()) return err(listed.error);
      const nowMs = clock.now().getTime();
      return ok(
        listed.value
          .map((key) => key.record)
          .filter((record) => isVerifying(record, nowMs, windowMs))
          .sort(activeThenNewest)
          .map(({ kid, algorithm, publicJwk }) => ({ kid, algorithm, publicJwk })),
      );
    },
    forget(tenantId) {
      cache.delete(tenantId);
    },
  };
}

function activeThenNewest(a: SigningKeyRecord, b: SigningKeyRecord): number {
  if (a.retiredAtMs === null || b.retiredAtMs === null) {
    return (a.retiredAtMs === null ? 0 : 1) - (b.retiredAtMs === null ? 0 : 1);
  }
  return b.retiredAtMs - a.retiredAtMs;
}
