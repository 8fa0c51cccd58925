import { containsCardNumber } from '@strongroom/audit';
import { err, ok, type Result, type ValidationError, validationError } from '@strongroom/kernel';
import { PURPOSE_MAX_LENGTH } from './card-limits.js';

// Printable ASCII: the purpose is written into the audit log, read by auditors, kept for years.
const PURPOSE_PATTERN = /^[\x20-\x7e]+$/;

/**
 * Validates the purpose stated for a reveal (`refund 8812`, `chargeback evidence`): trimmed,
 * non-empty, at most {@link PURPOSE_MAX_LENGTH} printable ASCII characters, and no card number,
 * since it goes into the audit log verbatim.
 */
export function checkPurpose(input: unknown): Result<string, ValidationError> {
  if (typeof input !== 'string') return err(validationError('purpose', 'not_a_string'));
  const purpose = input.trim();
  if (purpose.length === 0) return err(validationError('purpose', 'empty'));
  if (purpose.length > PURPOSE_MAX_LENGTH) return err(validationError('purpose', 'too_long'));
  if (!PURPOSE_PATTERN.test(purpose)) return err(validationError('purpose', 'not_printable'));
  if (containsCardNumber(purpose)) return err(validationError('purpose', 'contains_card_number'));
  return ok(purpose);
}
