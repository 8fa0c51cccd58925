import { err, ok, type Result, type ValidationError, validationError } from '@strongroom/kernel';

/** Longest email address (RFC 5321 §4.5.3.1.3: a 256-octet path less the angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

// Deliberately loose: one `@`, no spaces or control characters, a dot in the domain. Deliverability
// is proven by the verification email, not by a pattern.
const EMAIL_SHAPE = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;

/**
 * The canonical form of an email address: NFKC-normalized, trimmed and lowercased, so `Ann@X.org`
 * and `ann@x.org ` are one account. Lowercasing the local part is what users expect although
 * RFC 5321 lets a server distinguish case; no provider in practice does.
 */
export function normalizeEmail(input: unknown): Result<string, ValidationError> {
  if (typeof input !== 'string') return err(validationError('email', 'not_a_string'));
  if (input.length > EMAIL_MAX_LENGTH * 2) return err(validationError('email', 'too_long'));
  const normalized = input.normalize('NFKC').trim().toLowerCase();
  if (normalized.length === 0) return err(validationError('email', 'empty'));
  if (normalized.length > EMAIL_MAX_LENGTH) return err(validationError('email', 'too_long'));
  if (!EMAIL_SHAPE.test(normalized)) return err(validationError('email', 'bad_format'));
  return ok(normalized);
}
