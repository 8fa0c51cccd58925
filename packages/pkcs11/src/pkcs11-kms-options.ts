import { type Clock, err, ok, type Result, systemClock } from '@strongroom/kernel';
import type { KmsInvalidRequestError } from '@strongroom/vault';
import { SESSION_POOL_SIZE_MAX } from './session-pool.js';

/** How to reach the token that holds the KEKs. */
export interface Pkcs11KmsOptions {
  /** Path of the PKCS#11 module (the vendor's `.so`), e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
  readonly modulePath: string;
  /** The token's label (`CKA_LABEL` of the token, at most 32 bytes). */
  readonly tokenLabel: string;
  /** The user PIN. It is used to log in once and never kept or reported. */
  readonly pin: string;
  /** Source of each KEK version's creation time; the system clock by default. */
  readonly clock?: Clock;
  /** Sessions kept open for concurrent operations (1–32, default 4). */
  readonly sessionPoolSize?: number;
}

/** Default number of pooled sessions: enough for libuv's default four worker threads. */
export const SESSION_POOL_SIZE_DEFAULT = 4;

/** Longest module path accepted. */
const MODULE_PATH_MAX_LENGTH = 4096;

/** PKCS#11 token labels are 32 bytes of UTF-8. */
const TOKEN_LABEL_MAX_BYTES = 32;

/** Longest PIN accepted; PKCS#11 modules accept far shorter ones. */
const PIN_MAX_LENGTH = 256;

/** Options after checking, with defaults filled in. */
export interface CheckedPkcs11KmsOptions {
  readonly modulePath: string;
  readonly tokenLabel: string;
  readonly pin: string;
  readonly clock: Clock;
  readonly sessionPoolSize: number;
}

function refuse(field: string, reason: string): Result<never, KmsInvalidRequestError> {
  return err({ type: 'kms.invalid_request', field, reason });
}

/** Checks {@link Pkcs11KmsOptions}; a refusal names the field, never the PIN's value. */
export function checkPkcs11KmsOptions(
  options: Pkcs11KmsOptions,
): Result<CheckedPkcs11KmsOptions, KmsInvalidRequestError> {
  const { modulePath, tokenLabel, pin } = options;
  if (typeof modulePath !== 'string' || modulePath.length === 0) {
    return refuse('modulePath', 'missing');
  }
  if (modulePath.length > MODULE_PATH_MAX_LENGTH) return refuse('modulePath', 'too_long');
  if (typeof tokenLabel !== 'string' || tokenLabel.trim().length === 0) {
    return refuse('tokenLabel', 'missing');
  }
  if (Buffer.byteLength(tokenLabel, 'utf8') > TOKEN_LABEL_MAX_BYTES) {
    return refuse('tokenLabel', 'too_long');
  }
  if (typeof pin !== 'string' || pin.length === 0) return refuse('pin', 'missing');
  if (pin.length > PIN_MAX_LENGTH) return refuse('pin', 'too_long');
  const sessionPoolSize = options.sessionPoolSize ?? SESSION_POOL_SIZE_DEFAULT;
  if (
    !Number.isSafeInteger(sessionPoolSize) ||
    sessionPoolSize < 1 ||
    sessionPoolSize > SESSION_POOL_SIZE_MAX
  ) {
    return refuse('sessionPoolSize', 'out_of_range');
  }
  return ok({
    modulePath,
    tokenLabel,
    pin,
    clock: options.clock ?? systemClock,
    sessionPoolSize,
  });
}
