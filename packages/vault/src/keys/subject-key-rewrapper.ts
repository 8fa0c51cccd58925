import { err, ok, type Result } from '@strongroom/kernel';
import type { EnvelopeBinding, EnvelopeError } from '../envelope/envelope-cipher.js';
import {
  formatWrappedKey,
  parseWrappedKey,
  subjectKeyContext,
} from '../fields/subject-key-record.js';
import type { KekDescription, Kms } from '../kms/kms.js';
import type { KmsError } from '../kms/kms-error.js';
import { checkDecryptionVersion } from './check-decryption-version.js';
import type { KeyPolicies } from './key-policy.js';
import type { ValueRewrapper } from './rewrap-job.js';

/**
 * The rewrap job's value rewrapper for subject key records: their `wrappedKey` is a KMS-wrapped
 * key rather than an envelope, so it is re-wrapped by the KMS directly (AWS `ReEncrypt`, inside a
 * PKCS#11 token) under the KEK's current version. The binding's record id is the subject id. Each
 * KEK's current version is read once per rewrapper, so already-current keys cost no KMS call.
 */
export function createSubjectKeyRewrapper(kms: Kms, policies: KeyPolicies): ValueRewrapper {
  const described = new Map<string, Promise<Result<KekDescription, KmsError>>>();
  const currentVersion = async (keyId: string): Promise<Result<number, KmsError>> => {
    let description = described.get(keyId);
    if (description === undefined) {
      description = kms.describe(keyId);
      described.set(keyId, description);
    }
    return (await description).map((kek) => kek.currentVersion);
  };
  return async (
    binding: EnvelopeBinding,
    value: string,
  ): Promise<Result<string | null, EnvelopeError>> => {
    const wrapped = parseWrappedKey(value);
    if (wrapped === undefined) return err({ type: 'vault.decryption_failed', reason: 'malformed' });
    const allowed = checkDecryptionVersion(policies, wrapped.keyId, wrapped.version);
    if (allowed.isErr()) return err(allowed.error);
    const current = await currentVersion(wrapped.keyId);
    if (current.isErr()) return err(current.error);
    if (wrapped.version >= current.value) return ok(null);
    const rewrapped = await kms.rewrap(
      wrapped,
      subjectKeyContext(binding.tenantId, binding.recordId),
    );
    return rewrapped.map(formatWrappedKey);
  };
}
