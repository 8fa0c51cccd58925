import { err, ok, type Result } from 'neverthrow';
import { type ValidationError, validationError } from '../errors/validation-error.js';

declare const tenantIdBrand: unique symbol;

/** A validated tenant identifier: every operation runs for exactly one. */
export type TenantId = string & { readonly [tenantIdBrand]: true };

/** The longest tenant id accepted; keeps keys bounded in every adapter (DynamoDB keys, RLS settings). */
export const TENANT_ID_MAX_LENGTH = 64;

// Lowercase letters, digits, `-` and `_`, starting with a letter or digit: safe in SQL settings,
// DynamoDB key prefixes (no `#`) and URLs without escaping.
const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/** Parses a tenant id from untrusted input. */
export function parseTenantId(input: unknown): Result<TenantId, ValidationError> {
  if (typeof input !== 'string') return err(validationError('tenantId', 'not_a_string'));
  if (input.length === 0) return err(validationError('tenantId', 'empty'));
  if (input.length > TENANT_ID_MAX_LENGTH) return err(validationError('tenantId', 'too_long'));
  if (!TENANT_ID_PATTERN.test(input)) return err(validationError('tenantId', 'bad_format'));
  return ok(input as TenantId);
}
