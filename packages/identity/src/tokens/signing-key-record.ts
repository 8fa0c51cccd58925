import {
  err,
  type InfrastructureError,
  infrastructureError,
  type JsonObject,
  ok,
  type Result,
  type StoredRecord,
} from '@strongroom/kernel';
import { isSigningAlgorithm, type SigningAlgorithm } from './signing-algorithm.js';

/** Where signing keys live: one record per `kid`, plus the record that points at the active key. */
export const SIGNING_KEY_COLLECTION = 'identity.signing_keys';

/**
 * The id of the record naming the active key. Creating and rotating write it with its expected
 * version, so two processes racing to create or rotate cannot both win. A `kid` is a `key_` TypeID
 * and never collides with it.
 */
export const SIGNING_KEY_ACTIVE_ID = 'active';

/** The envelope field a private key is sealed under; bound into the envelope's AAD with the `kid`. */
export const SIGNING_KEY_PRIVATE_FIELD = 'privateKey';

/** Most signing keys (active and retired) a tenant keeps; rotating beyond it drops the oldest. */
export const SIGNING_KEYS_PER_TENANT_MAX = 16;

/** `active` signs; `retired` only verifies, until its verification window ends. */
export type SigningKeyStatus = 'active' | 'retired';

/**
 * The public members of an Ed25519 (OKP) or P-256 (EC) key, nothing else. A type alias, not an
 * interface, so it is a JSON object as stored.
 */
export type PublicSigningJwk = {
  readonly kty: string;
  readonly crv: string;
  readonly x: string;
  readonly y?: string;
};

/** A stored signing key: the public key in clear, the private key only as a vault envelope. */
export interface SigningKeyRecord {
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  readonly status: SigningKeyStatus;
  readonly publicJwk: PublicSigningJwk;
  /** The private JWK sealed by the vault's envelope cipher. */
  readonly privateKeyEnvelope: string;
  readonly createdAtMs: number;
  readonly retiredAtMs: number | null;
}

/** The record body written to storage. */
export function signingKeyRecordData(record: SigningKeyRecord): JsonObject {
  return {
    kid: record.kid,
    algorithm: record.algorithm,
    status: record.status,
    publicJwk: publicMembers(record.publicJwk),
    privateKeyEnvelope: record.privateKeyEnvelope,
    createdAtMs: record.createdAtMs,
    retiredAtMs: record.retiredAtMs,
  };
}

/** Keeps only the public members of a JWK, so a private `d` can never be copied along. */
export function publicMembers(jwk: PublicSigningJwk): PublicSigningJwk {
  return {
    kty: jwk.kty,
    crv: jwk.crv,
    x: jwk.x,
    ...(jwk.y === undefined ? {} : { y: jwk.y }),
  };
}

/**
 * Whether a key may still verify at `nowMs`: active, or retired less than `windowMs` ago (the
 * window covers the longest token it may have signed, the leeway and other processes' caches).
 */
export function isVerifying(
  record: Pick<SigningKeyRecord, 'retiredAtMs'>,
  nowMs: number,
  windowMs: number,
): boolean {
  return record.retiredAtMs === null || nowMs < record.retiredAtMs + windowMs;
}

const corrupt = (): Result<never, InfrastructureError> =>
  err(
    infrastructureError({
      retryable: false,
      operation: 'identity.signing_keys.read',
      message: 'a stored signing key record is malformed',
    }),
  );

/** Reads a stored record; a damaged one is a non-retryable infrastructure fault. */
export function parseSigningKeyRecord(
  stored: StoredRecord,
): Result<SigningKeyRecord, InfrastructureError> {
  const data = stored.data;
  const { kid, algorithm, status, privateKeyEnvelope, createdAtMs, retiredAtMs } = data;
  const publicJwk = parsePublicJwk(data['publicJwk']);
  if (
    kid !== stored.id ||
    !isSigningAlgorithm(algorithm) ||
    (status !== 'active' && status !== 'retired') ||
    publicJwk === undefined ||
    typeof privateKeyEnvelope !== 'string' ||
    !Number.isSafeInteger(createdAtMs) ||
    !(retiredAtMs === null || Number.isSafeInteger(retiredAtMs))
  ) {
    return corrupt();
  }
  return ok({
    kid,
    algorithm,
    status,
    publicJwk,
    privateKeyEnvelope,
    createdAtMs: createdAtMs as number,
    retiredAtMs: retiredAtMs as number | null,
  });
}

function parsePublicJwk(value: unknown): PublicSigningJwk | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { kty, crv, x, y } = value as Record<string, unknown>;
  if (typeof kty !== 'string' || typeof crv !== 'string' || typeof x !== 'string') return undefined;
  if (y !== undefined && typeof y !== 'string') return undefined;
  return { kty, crv, x, ...(y === undefined ? {} : { y }) };
}
