import { assert } from '@strongroom/kernel';
import { constantTimeEqual } from '@strongroom/vault';
import { HOTP, TOTP } from 'otpauth';
import { assertTotpOptions, TOTP_DEFAULTS, type TotpOptions } from './totp-options.js';
import { decodeTotpSecret } from './totp-secret.js';

/** What {@link verifyTotp} checks: a submitted code against a user's stored secret and state. */
export interface TotpVerification {
  /** The stored base32 secret. */
  readonly secret: string;
  /** The code as the user typed it; never echoed, never logged. */
  readonly code: string;
  /** Epoch milliseconds from the `Clock` port. */
  readonly nowMs: number;
  /** The step of the last accepted code, stored by the caller; absent before the first. */
  readonly lastUsedStep?: number | undefined;
}

/** Why a code was refused; `replayed` matched a step at or before the last accepted one. */
export type TotpRejection = 'invalid' | 'replayed' | 'malformed';

/**
 * The verdict. On `valid` the caller stores `step` as the new `lastUsedStep` in the same
 * transaction, which is what makes every code single-use (RFC 6238 §5.2).
 */
export type TotpCheck =
  | { readonly valid: true; readonly step: number }
  | { readonly valid: false; readonly reason: TotpRejection };

const encoder = new TextEncoder();

/**
 * Checks a TOTP code within ±`windowSteps` of the current step. Every step of the window is
 * computed and compared in constant time, with no early exit, so timing reveals neither where a
 * code matched nor how close a guess came. A code whose step is not after `lastUsedStep` is
 * refused, so neither the same code nor an older one is accepted after a newer one.
 */
export function verifyTotp(
  verification: TotpVerification,
  options: TotpOptions = TOTP_DEFAULTS,
): TotpCheck {
  assertTotpOptions(options);
  const { nowMs, lastUsedStep = -1 } = verification;
  assert(Number.isSafeInteger(nowMs) && nowMs >= 0, 'nowMs is epoch milliseconds');
  assert(Number.isSafeInteger(lastUsedStep) && lastUsedStep >= -1, 'lastUsedStep is a step');
  if (!isCodeShape(verification.code, options.digits)) return { valid: false, reason: 'malformed' };
  const matches = matchingSteps(verification, options);
  const fresh = matches.filter((step) => step > lastUsedStep);
  const newest = fresh.at(-1);
  if (newest !== undefined) return { valid: true, step: newest };
  return { valid: false, reason: matches.length > 0 ? 'replayed' : 'invalid' };
}

function isCodeShape(code: string, digits: number): boolean {
  return typeof code === 'string' && code.length === digits && /^[0-9]+$/.test(code);
}

/** Every step of the window whose code equals the submitted one, in ascending order. */
function matchingSteps(verification: TotpVerification, options: TotpOptions): number[] {
  const secret = decodeTotpSecret(verification.secret);
  const submitted = encoder.encode(verification.code);
  const current = TOTP.counter({ period: options.periodSeconds, timestamp: verification.nowMs });
  const matches: number[] = [];
  const first = Math.max(0, current - options.windowSteps);
  for (let step = first; step <= current + options.windowSteps; step++) {
    const expected = HOTP.generate({
      secret,
      algorithm: options.algorithm,
      digits: options.digits,
      counter: step,
    });
    if (constantTimeEqual(submitted, encoder.encode(expected))) matches.push(step);
  }
  return matches;
}
