import { err, ok, type Result, type ValidationError, validationError } from '@strongroom/kernel';
import { TOTP } from 'otpauth';
import { assertTotpOptions, TOTP_DEFAULTS, type TotpOptions } from './totp-options.js';
import { decodeTotpSecret } from './totp-secret.js';

/** Longest issuer or account name in an enrollment URI (an email address is at most 254). */
export const TOTP_LABEL_MAX_LENGTH = 256;

/** What an authenticator app shows for the account: who issued it and whose it is. */
export interface TotpEnrollment {
  /** The stored base32 secret from `generateTotpSecret`. */
  readonly secret: string;
  /** The service name, e.g. the tenant's brand. */
  readonly issuer: string;
  /** The user's email or username. */
  readonly accountName: string;
}

// The Key URI Format separates issuer and account with a colon, so neither may contain one;
// control characters would be invisible in the app.
const LABEL_PART = /^[^:\p{Cc}]+$/u;

function checkLabelPart(field: string, value: string): ValidationError | undefined {
  if (typeof value !== 'string' || value.trim().length === 0) {
    return validationError(field, 'empty');
  }
  if (value.length > TOTP_LABEL_MAX_LENGTH) return validationError(field, 'too_long');
  if (!LABEL_PART.test(value)) return validationError(field, 'bad_format');
  return undefined;
}

/**
 * The `otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=…&digits=…&period=…` URI
 * (Google Authenticator Key URI Format) that the client renders as a QR code. It contains the
 * secret: show it once, never log or cache it.
 */
export function totpEnrollmentUri(
  enrollment: TotpEnrollment,
  options: TotpOptions = TOTP_DEFAULTS,
): Result<string, ValidationError> {
  assertTotpOptions(options);
  const invalid =
    checkLabelPart('issuer', enrollment.issuer) ??
    checkLabelPart('accountName', enrollment.accountName);
  if (invalid !== undefined) return err(invalid);
  const totp = new TOTP({
    issuer: enrollment.issuer,
    label: enrollment.accountName,
    secret: decodeTotpSecret(enrollment.secret),
    algorithm: options.algorithm,
    digits: options.digits,
    period: options.periodSeconds,
  });
  return ok(totp.toString());
}
