import type { InfrastructureError, Result, TenantId } from '@strongroom/kernel';

/**
 * What can be revoked before its access tokens expire: one token (`jti`), every token of a session
 * (a refresh-token family), of a device,
 * or every token of a user (erasure, suspension).
 */
export type RevocationKind = 'token' | 'session' | 'device' | 'user';

/** Every {@link RevocationKind}. */
export const REVOCATION_KINDS: readonly RevocationKind[] = ['token', 'session', 'device', 'user'];

/** One thing to deny, until the last access token it could affect has expired anyway. */
export interface Revocation {
  readonly kind: RevocationKind;
  readonly id: string;
  /** Epoch milliseconds after which the entry may be forgotten. */
  readonly expiresAtMs: number;
}

/** What an access token names, checked together in one round trip. */
export interface RevocationCandidate {
  readonly kind: RevocationKind;
  readonly id: string;
}

/**
 * The revocation-list port: a denylist consulted on every access-token verification. Unlike a
 * cache it must not forget an entry before `expiresAtMs`; it may forget it any time after. A store
 * failure is a retryable infrastructure error, and verification then fails closed.
 */
export interface RevocationList {
  /** Which store this is (`redis`, `storage:postgres`), for logs and test names. */
  readonly name: string;
  /** Adds entries; adding one that exists keeps the later expiry. */
  revoke(
    tenantId: TenantId,
    revocations: readonly Revocation[],
  ): Promise<Result<void, InfrastructureError>>;
  /** True when any candidate is on the list and not yet expired. */
  isRevoked(
    tenantId: TenantId,
    candidates: readonly RevocationCandidate[],
  ): Promise<Result<boolean, InfrastructureError>>;
}

/** Most entries one call may revoke or check; a user's devices are bounded well below it. */
export const REVOCATION_BATCH_MAX = 100;
/** Longest revoked id (a TypeID is 30 characters). */
export const REVOCATION_ID_MAX_LENGTH = 64;
