import { assert } from '@strongroom/kernel';

/** The HMAC functions RFC 6238 §1.2 allows for TOTP. */
export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** How codes are computed and how much clock drift is forgiven; app and server must agree. */
export interface TotpOptions {
  readonly algorithm: TotpAlgorithm;
  readonly digits: number;
  readonly periodSeconds: number;
  /** Steps accepted on either side of the current one, for clock drift and typing time. */
  readonly windowSteps: number;
}

/**
 * SHA-1, 6 digits, 30 seconds: the only parameters every authenticator app honours (several
 * ignore `algorithm`, `digits` and `period` in the URI). One step either side, as RFC 6238 §5.2
 * recommends.
 */
export const TOTP_DEFAULTS: TotpOptions = Object.freeze({
  algorithm: 'SHA1',
  digits: 6,
  periodSeconds: 30,
  windowSteps: 1,
});

/** RFC 4226 §5.3 (R4): at least six digits. */
export const TOTP_DIGITS_MIN = 6;
/** Eight digits, the most RFC 6238's reference code and authenticator apps produce. */
export const TOTP_DIGITS_MAX = 8;
/** Longest time step; longer steps keep a code valid long enough to be phished and replayed. */
export const TOTP_PERIOD_SECONDS_MAX = 300;
/** Widest window; each step added on each side gives every guess two more codes to hit. */
export const TOTP_WINDOW_STEPS_MAX = 3;

const ALGORITHMS: ReadonlySet<string> = new Set<TotpAlgorithm>(['SHA1', 'SHA256', 'SHA512']);

/** Options are configuration, not user input: a wrong value is a programmer error. */
export function assertTotpOptions(options: TotpOptions): void {
  assert(ALGORITHMS.has(options.algorithm), 'TOTP algorithm is SHA1, SHA256 or SHA512');
  assert(
    Number.isInteger(options.digits) &&
      options.digits >= TOTP_DIGITS_MIN &&
      options.digits <= TOTP_DIGITS_MAX,
    'TOTP digits are 6 to 8',
  );
  assert(
    Number.isInteger(options.periodSeconds) &&
      options.periodSeconds >= 1 &&
      options.periodSeconds <= TOTP_PERIOD_SECONDS_MAX,
    'TOTP period is 1 to 300 seconds',
  );
  assert(
    Number.isInteger(options.windowSteps) &&
      options.windowSteps >= 0 &&
      options.windowSteps <= TOTP_WINDOW_STEPS_MAX,
    'TOTP window is 0 to 3 steps',
  );
}
