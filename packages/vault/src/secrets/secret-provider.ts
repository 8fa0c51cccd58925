import type { DomainError, InfrastructureError, Result } from '@strongroom/kernel';

/** One version of a secret: the bytes and when they became current. */
export interface SecretVersion {
  readonly version: number;
  readonly value: Uint8Array;
}

/**
 * A secret with every version still in use: sign or hash with `current`, verify with any of
 * `versions`. Rotating adds a version before retiring the old one, so nothing breaks midway.
 */
export interface VersionedSecret {
  readonly name: string;
  readonly current: SecretVersion;
  /** Every usable version, newest first (includes `current`). */
  readonly versions: readonly SecretVersion[];
}

/** The provider has no secret of that name. */
export interface SecretNotFoundError extends DomainError<'secrets.not_found'> {
  readonly name: string;
}

/** The stored secret could not be read as a versioned secret; `reason` never echoes it. */
export interface MalformedSecretError extends DomainError<'secrets.malformed'> {
  readonly name: string;
  readonly reason: string;
}

/** Every error of the {@link SecretProvider} port. */
export type SecretError = SecretNotFoundError | MalformedSecretError | InfrastructureError;

/**
 * The secrets port: JWT signing keys, fingerprint and blind-index keys and other secrets, read by
 * name with all their live versions. Adapters: environment, file (`@strongroom/vault/node`) and
 * AWS Secrets Manager (`@strongroom/aws`).
 */
export interface SecretProvider {
  /** Reads a secret with all its live versions. */
  get(name: string): Promise<Result<VersionedSecret, SecretError>>;
}
