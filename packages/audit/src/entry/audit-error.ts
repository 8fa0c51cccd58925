import type { DomainError } from '@strongroom/kernel';

/** An audit entry was refused before anything was written; `field` names the offending part. */
export interface InvalidAuditEntryError extends DomainError<'audit.invalid_entry'> {
  readonly field: string;
  readonly reason: string;
}

/**
 * The entry's details looked like they carry a secret: a key named like a password or token, or a
 * Luhn-valid 12–19 digit run (a card number). `path` locates it; the value is never echoed.
 */
export interface SecretInAuditDetailsError extends DomainError<'audit.secret_in_details'> {
  readonly path: string;
  readonly reason: 'secret_key_name' | 'card_number';
}

/** Every error of writing an audit entry. */
export type AuditEntryError = InvalidAuditEntryError | SecretInAuditDetailsError;

/** Builds an {@link InvalidAuditEntryError}. */
export function invalidAuditEntry(field: string, reason: string): InvalidAuditEntryError {
  return { type: 'audit.invalid_entry', field, reason };
}
