import { type Clock, ok, type Result } from '@strongroom/kernel';
import type { Kms } from '../../src/kms/kms.js';
import { generateSoftwareKeyring } from '../../src/kms/software-keyring.js';
import { createSoftwareKms } from '../../src/kms/software-kms.js';
import type { SecretError, VersionedSecret } from '../../src/secrets/secret-provider.js';

/** How often each KMS operation was called. */
export interface KmsCalls {
  generateDataKey: number;
  unwrap: number;
  rewrap: number;
}

/** A real software KMS with KEKs `cards` and `fields`, counting the calls made to it. */
export function createCountingKms(clock: Clock): { kms: Kms; calls: KmsCalls } {
  const inner = createSoftwareKms({
    keyring: generateSoftwareKeyring(['cards', 'fields'], clock),
    clock,
  });
  const calls: KmsCalls = { generateDataKey: 0, unwrap: 0, rewrap: 0 };
  const kms: Kms = {
    kind: inner.kind,
    createKey: (keyId) => inner.createKey(keyId),
    rotate: (keyId) => inner.rotate(keyId),
    describe: (keyId) => inner.describe(keyId),
    generateDataKey: (keyId, context) => {
      calls.generateDataKey += 1;
      return inner.generateDataKey(keyId, context);
    },
    wrap: (keyId, plaintext, context) => inner.wrap(keyId, plaintext, context),
    unwrap: (wrapped, context) => {
      calls.unwrap += 1;
      return inner.unwrap(wrapped, context);
    },
    rewrap: (wrapped, context) => {
      calls.rewrap += 1;
      return inner.rewrap(wrapped, context);
    },
    close: () => inner.close(),
  };
  return { kms, calls };
}

/** A blind-index secret of fixed bytes, `versions` newest first. */
export function blindIndexSecret(
  versions: readonly number[],
): () => Promise<Result<VersionedSecret, SecretError>> {
  const secretVersions = versions.map((version) => ({
    version,
    value: new Uint8Array(32).fill(version),
  }));
  const current = secretVersions[0];
  if (current === undefined) throw new Error('a secret has at least one version');
  return async () => ok({ name: 'blind-index', current, versions: secretVersions });
}
