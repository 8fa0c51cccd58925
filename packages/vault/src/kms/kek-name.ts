import { err, ok, type Result } from '@strongroom/kernel';
import type { KmsInvalidRequestError } from './kms-error.js';

/**
 * What a KEK name may look like: lowercase letters, digits, `-` and `_`, 1–64 characters, so it
 * fits an AWS KMS alias, a PKCS#11 label and a keyring file key unchanged.
 */
export const KEK_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Names no KMS may hold: an envelope whose wrapping names `subject` carries a data key wrapped by
 * a data subject's key (field encryption), never by a KEK.
 */
export const RESERVED_KEK_NAMES: ReadonlySet<string> = new Set(['subject']);

/** Checks a KEK name against {@link KEK_NAME_PATTERN} and the reserved names; every adapter calls it first. */
export function checkKekName(keyId: string): Result<string, KmsInvalidRequestError> {
  if (!KEK_NAME_PATTERN.test(keyId)) {
    return err({ type: 'kms.invalid_request', field: 'keyId', reason: 'bad_format' });
  }
  if (RESERVED_KEK_NAMES.has(keyId)) {
    return err({ type: 'kms.invalid_request', field: 'keyId', reason: 'reserved' });
  }
  return ok(keyId);
}
