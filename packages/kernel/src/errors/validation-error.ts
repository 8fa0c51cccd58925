import type { DomainError } from './domain-error.js';

/**
 * A value from outside failed validation. `field` names what was checked, `reason` is a short
 * stable code (`too_long`, `bad_format`); neither ever echoes the rejected value, which may be
 * a secret.
 */
export interface ValidationError extends DomainError<'validation'> {
  readonly field: string;
  readonly reason: string;
}

/** Builds a {@link ValidationError}. */
export function validationError(field: string, reason: string): ValidationError {
  return { type: 'validation', field, reason };
}
