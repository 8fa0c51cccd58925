import type { Result, TenantId } from '@strongroom/kernel';
import type { DataKey, WrappedKey } from '../kms/kms.js';

/**
 * Whose data keys an entry holds: one tenant and one KEK. Entries never cross partitions, so one
 * tenant's traffic never encrypts under, or reveals, another tenant's data key.
 */
export interface DataKeyPartition {
  readonly tenantId: TenantId;
  readonly keyId: string;
}

/** Counters for the benchmark and metrics. */
export interface DataKeyCacheStats {
  /** Loads passed to the KMS (generate or unwrap), successful or not. */
  readonly kmsCalls: number;
  /** Requests answered from the cache. */
  readonly hits: number;
  /** Requests that needed a load. */
  readonly misses: number;
}

/**
 * Plaintext data keys kept in process memory to save KMS calls, with the AWS Encryption SDK's
 * caching limits. Every key handed out is a fresh copy the caller owns and zeroes when done, so an
 * eviction (which zeroes the cached copy) never pulls a key from under an encryption in progress.
 */
export interface DataKeyCache {
  /**
   * A data key to encrypt one message of `plaintextBytes` bytes for the partition: a cached one
   * still within its limits (counting this message), or a fresh one from `load`.
   */
  encryptionKey<E>(
    partition: DataKeyPartition,
    plaintextBytes: number,
    load: () => Promise<Result<DataKey, E>>,
  ): Promise<Result<DataKey, E>>;
  /** The plaintext of `wrapped`: cached from an earlier unwrap in the partition, or from `load`. */
  decryptionKey<E>(
    partition: DataKeyPartition,
    wrapped: WrappedKey,
    load: () => Promise<Result<Uint8Array, E>>,
  ): Promise<Result<Uint8Array, E>>;
  /** Counters since creation. */
  stats(): DataKeyCacheStats;
  /** Zeroes and drops every entry (e.g. after an erasure or a suspected compromise). */
  clear(): void;
}
