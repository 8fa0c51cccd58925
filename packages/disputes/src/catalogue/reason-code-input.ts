import { type DomainError, err, ok, type Result } from '@strongroom/kernel';
import type { ReasonCodeQuery } from './reason-code.js';

/** Longest network name accepted, after trimming. */
export const NETWORK_NAME_MAX_LENGTH = 32;

/** Longest reason code accepted, after trimming (the longest known is `12.6.1`). */
export const REASON_CODE_MAX_LENGTH = 16;

// Raw inputs longer than this are refused before trimming, so that a huge padded string costs
// nothing to reject.
const RAW_INPUT_MAX_LENGTH = 256;

// Network names as providers spell brands (`visa`, `american_express`, `diners-club`).
const NETWORK_NAME_PATTERN = /^[a-z0-9_-]+$/;

// Network codes are letters, digits and dots (`10.4`, `12.6.1`, `4853`, `F24`, `UA02`).
const REASON_CODE_PATTERN = /^[A-Z0-9.]+$/;

/**
 * A network or reason code that cannot be looked up: not a string, empty after trimming, too
 * long, or with characters no network code uses. Never echoes the input.
 */
export interface ReasonCodeInputError extends DomainError<'disputes.reason_code_invalid'> {
  readonly field: 'network' | 'code';
  readonly reason: 'not_a_string' | 'empty' | 'too_long' | 'bad_characters';
}

/**
 * Normalizes a lookup: both parts trimmed, the network lower-cased (`Visa` → `visa`) and the
 * code upper-cased (`f24` → `F24`), as catalogue keys are written.
 */
export function normalizeReasonCodeQuery(
  network: unknown,
  code: unknown,
): Result<ReasonCodeQuery, ReasonCodeInputError> {
  const normalizedNetwork = normalize(network, 'network');
  if (normalizedNetwork.isErr()) return err(normalizedNetwork.error);
  const normalizedCode = normalize(code, 'code');
  if (normalizedCode.isErr()) return err(normalizedCode.error);
  return ok(Object.freeze({ network: normalizedNetwork.value, code: normalizedCode.value }));
}

function normalize(
  input: unknown,
  field: ReasonCodeInputError['field'],
): Result<string, ReasonCodeInputError> {
  if (typeof input !== 'string') return err(inputError(field, 'not_a_string'));
  if (input.length > RAW_INPUT_MAX_LENGTH) return err(inputError(field, 'too_long'));
  const trimmed = input.trim();
  const value = field === 'network' ? trimmed.toLowerCase() : trimmed.toUpperCase();
  if (value.length === 0) return err(inputError(field, 'empty'));
  const maxLength = field === 'network' ? NETWORK_NAME_MAX_LENGTH : REASON_CODE_MAX_LENGTH;
  if (value.length > maxLength) return err(inputError(field, 'too_long'));
  const pattern = field === 'network' ? NETWORK_NAME_PATTERN : REASON_CODE_PATTERN;
  if (!pattern.test(value)) return err(inputError(field, 'bad_characters'));
  return ok(value);
}

function inputError(
  field: ReasonCodeInputError['field'],
  reason: ReasonCodeInputError['reason'],
): ReasonCodeInputError {
  return { type: 'disputes.reason_code_invalid', field, reason };
}
