import type { Kms } from '@strongroom/vault';

/**
 * Wraps a KMS so that every plaintext data key crossing its boundary — generated, unwrapped, or
 * handed in to be wrapped — is reported to `record` (which must copy it: the vault zeroes data
 * keys after use). The scan then proves none of them reached the storage.
 */
export function recordingKms(
  inner: Kms,
  record: (label: string, plaintext: Uint8Array) => void,
): Kms {
  return {
    kind: inner.kind,
    createKey: (keyId) => inner.createKey(keyId),
    rotate: (keyId) => inner.rotate(keyId),
    describe: (keyId) => inner.describe(keyId),
    async generateDataKey(keyId, context) {
      const generated = await inner.generateDataKey(keyId, context);
      if (generated.isOk()) record(`data key generated under ${keyId}`, generated.value.plaintext);
      return generated;
    },
    async wrap(keyId, plaintext, context) {
      record(`key wrapped under ${keyId}`, plaintext);
      return inner.wrap(keyId, plaintext, context);
    },
    async unwrap(wrapped, context) {
      const unwrapped = await inner.unwrap(wrapped, context);
      if (unwrapped.isOk()) record(`data key unwrapped from ${wrapped.keyId}`, unwrapped.value);
      return unwrapped;
    },
    rewrap: (wrapped, context) => inner.rewrap(wrapped, context),
    close: () => inner.close(),
  };
}
