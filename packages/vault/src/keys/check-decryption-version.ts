import { err, ok, type Result } from '@strongroom/kernel';
import type { KeyVersionRetiredError } from '../envelope/envelope-cipher.js';
import type { KeyPolicies } from './key-policy.js';

/**
 * Refuses a KEK version below its policy's minimum decryption version, before the KMS is asked:
 * the cut-off is vault policy, so it holds the same on every KMS adapter.
 */
export function checkDecryptionVersion(
  policies: KeyPolicies,
  keyId: string,
  version: number,
): Result<void, KeyVersionRetiredError> {
  const minDecryptionVersion = Object.hasOwn(policies, keyId)
    ? policies[keyId]?.minDecryptionVersion
    : undefined;
  if (minDecryptionVersion === undefined || version >= minDecryptionVersion) return ok(undefined);
  return err({ type: 'vault.key_version_retired', keyId, version, minDecryptionVersion });
}
