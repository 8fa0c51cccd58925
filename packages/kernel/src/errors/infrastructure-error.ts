import type { DomainError } from './domain-error.js';

/**
 * A fault of the machinery, not of the request: a lost connection, throttling, a timeout.
 * It never masquerades as a domain error. `retryable` tells the caller whether running the same
 * command again could succeed; `message` is written by the adapter and never carries a query
 * parameter, a secret or a card number.
 */
export interface InfrastructureError extends DomainError<'infrastructure'> {
  readonly retryable: boolean;
  /** What was being attempted, e.g. `postgres.transaction` or `dynamodb.transact_write`. */
  readonly operation: string;
  readonly message: string;
  /** A driver's error code (SQLSTATE, AWS error name) when there is one; never its message. */
  readonly code?: string;
}

/** Builds an {@link InfrastructureError}. */
export function infrastructureError(fields: {
  retryable: boolean;
  operation: string;
  message: string;
  code?: string | undefined;
}): InfrastructureError {
  const { code, ...rest } = fields;
  return code === undefined
    ? { type: 'infrastructure', ...rest }
    : { type: 'infrastructure', ...rest, code };
}
