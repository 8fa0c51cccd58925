import { err, ok, type Result } from '@strongroom/kernel';
import type { KmsInvalidRequestError } from './kms-error.js';

/**
 * What a KEK name may look like: lowercase letters, digits, `-` and `_`, 1–64 characters, so it
 * fits an AWS KMS alias, a PKCS#11 label and a keyring file key unchanged.
 */
export const KEK_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Checks a KEK name against {@link KEK_NAME_PATTERN}; every adapter calls it first. */
export function checkKekName(keyId: string): Result<string, KmsInvalidRequestError> {
  return KEK_NAME_PATTERN.test(keyId)
    ? ok(keyId)
    : err({ type: 'kms.invalid_request', field: 'keyId', reason: 'bad_format' });
}
