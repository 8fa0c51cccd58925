import type { DomainError, InfrastructureError } from '@strongroom/kernel';

/** No KEK of that name exists in the KMS. */
export interface KmsKeyNotFoundError extends DomainError<'kms.key_not_found'> {
  readonly keyId: string;
}

/** The KEK exists but not that version (never created, or destroyed). */
export interface KmsKeyVersionNotFoundError extends DomainError<'kms.key_version_not_found'> {
  readonly keyId: string;
  readonly version: number;
}

/**
 * A wrapped key did not authenticate: tampered, wrapped under another key, or presented with a
 * different context. Nothing about the key material is reported.
 */
export interface KmsUnwrapFailedError extends DomainError<'kms.unwrap_failed'> {
  readonly keyId: string;
  readonly version: number;
}

/** A request the port refuses before reaching the KMS: a bad key name, wrong key length, … */
export interface KmsInvalidRequestError extends DomainError<'kms.invalid_request'> {
  readonly field: string;
  readonly reason: string;
}

/** Every error of the {@link Kms} port; `infrastructure` is the KMS being unreachable or throttled. */
export type KmsError =
  | KmsKeyNotFoundError
  | KmsKeyVersionNotFoundError
  | KmsUnwrapFailedError
  | KmsInvalidRequestError
  | InfrastructureError;
