import type { Result } from 'neverthrow';
import type { InfrastructureError } from '../errors/infrastructure-error.js';
import type { TenantId } from '../tenant/tenant-id.js';
import type { StoredResponse } from './stored-response.js';

/** Why a claim was or was not granted; only `claimed` lets the caller execute the request. */
export type IdempotencyClaim =
  /** The caller holds the key: it executes the request, then calls `complete` or `release`. */
  | { readonly state: 'claimed'; readonly leaseId: string }
  /** Another request with this key and fingerprint holds a live lease (HTTP 409). */
  | { readonly state: 'in_progress' }
  /** A request with this key and fingerprint completed: replay its response. */
  | { readonly state: 'completed'; readonly response: StoredResponse }
  /** The key was used for a request with another fingerprint (HTTP 422). */
  | { readonly state: 'mismatch' };

/** How long a claim holds its key, and how long a completed response replays. */
export interface IdempotencyClaimOptions {
  /**
   * How long the claim holds the key before another request may claim it (the holder died):
   * longer than the slowest request runs. 1 ms to {@link IDEMPOTENCY_LEASE_MAX_MS}.
   */
  readonly leaseMs: number;
  /** How long a completed response replays, counted from completion; 1 ms to {@link IDEMPOTENCY_TTL_MAX_MS}. */
  readonly ttlMs: number;
}

/**
 * The idempotency-key port (the semantics of IETF draft-ietf-httpapi-idempotency-key-header): per
 * tenant and key, at most one request executes at a time, and once one completes its response
 * replays for the key's time to live. Keys and fingerprints are opaque to the store: the caller
 * scopes keys (per user) and derives the fingerprint from the request (method, path, body).
 * A fingerprint that differs from the stored one is a `mismatch`, whatever the entry's state.
 */
export interface IdempotencyStore {
  /** Which store this is (`redis`, `storage:dynamodb`), for logs and test names. */
  readonly name: string;
  /**
   * Atomically claims `key` for a request with `fingerprint`, or tells why it cannot: of any
   * number of concurrent claims of a free key, exactly one is `claimed`. A key is free when it
   * was never claimed, was released, its lease ended before completion, or its response expired.
   */
  claim(
    tenantId: TenantId,
    key: string,
    fingerprint: string,
    options: IdempotencyClaimOptions,
  ): Promise<Result<IdempotencyClaim, InfrastructureError>>;
  /**
   * Stores the response under the claim; it replays for the claim's `ttlMs` from now. `ok(false)`
   * means nothing was stored and nothing changed: the lease was lost (it ended, or the claim was
   * completed or released already), or the response is larger than
   * {@link IDEMPOTENT_RESPONSE_MAX_BYTES} (check first with `storedResponseFits`; the caller
   * still holds the lease then, and should release it).
   */
  complete(
    tenantId: TenantId,
    key: string,
    leaseId: string,
    response: StoredResponse,
  ): Promise<Result<boolean, InfrastructureError>>;
  /**
   * Gives the claim up without a response (the request failed in a way a retry may change, e.g.
   * infrastructure), so a retry may execute. A lease no longer held is left alone: no error.
   */
  release(
    tenantId: TenantId,
    key: string,
    leaseId: string,
  ): Promise<Result<void, InfrastructureError>>;
}

/** Longest idempotency key: a caller-scoped key (`user:<id>:<client key>`) or its digest. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;
/** Longest request fingerprint: room for a prefixed SHA-256 or SHA-512 digest in hex. */
export const IDEMPOTENCY_FINGERPRINT_MAX_LENGTH = 160;
/** Longest lease id an adapter hands out (a UUID is 36 characters). */
export const IDEMPOTENCY_LEASE_ID_MAX_LENGTH = 64;
/** Longest lease: a quarter of an hour is far beyond any HTTP request's deadline. */
export const IDEMPOTENCY_LEASE_MAX_MS = 15 * 60 * 1000;
/** Longest time a response replays: a week, well past any client's retry schedule. */
export const IDEMPOTENCY_TTL_MAX_MS = 7 * 24 * 60 * 60 * 1000;
