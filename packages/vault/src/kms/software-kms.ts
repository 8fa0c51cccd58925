import {
  assert,
  type Clock,
  err,
  infrastructureError,
  ok,
  type Result,
  systemClock,
} from '@strongroom/kernel';
import {
  AES_GCM_NONCE_BYTES,
  AES_GCM_TAG_BYTES,
  aesGcmDecrypt,
  aesGcmEncrypt,
  importAesGcmKey,
} from '../crypto/aes-gcm.js';
import { lengthPrefixed } from '../crypto/length-prefixed.js';
import { randomBytes } from '../crypto/random-bytes.js';
import type { WebCryptoKey } from '../crypto/web-crypto-key.js';
import { checkKekName } from './kek-name.js';
import {
  DATA_KEY_BYTES,
  type DataKey,
  type KekDescription,
  type Kms,
  type WrapContext,
  type WrappedKey,
} from './kms.js';
import type { KmsError } from './kms-error.js';
import {
  newSoftwareKeyVersion,
  SOFTWARE_KEYRING_MAX_KEYS,
  SOFTWARE_KEYRING_MAX_VERSIONS,
  type SoftwareKeyring,
  type SoftwareKeyVersion,
} from './software-keyring.js';
import { encodeWrapContext } from './wrap-context.js';

/** Bytes of a data key wrapped by the software KMS: nonce, wrapped key, GCM tag. */
export const SOFTWARE_WRAPPED_KEY_BYTES = AES_GCM_NONCE_BYTES + DATA_KEY_BYTES + AES_GCM_TAG_BYTES;

const WRAP_LABEL = 'strongroom/software-kms/wrap/v1';

/** What {@link createSoftwareKms} needs. */
export interface SoftwareKmsOptions {
  /** The master keys; copied, so the caller may zero its own copy afterwards. */
  readonly keyring: SoftwareKeyring;
  /** Stamps new key versions; the system clock by default. */
  readonly clock?: Clock;
  /**
   * Saves the whole keyring after `createKey` or `rotate` adds material, before the new version is
   * used; if it throws, the change is dropped and the call fails. Without it new versions live in
   * memory only and are lost (with every data key they wrapped) on restart.
   */
  readonly persist?: (keyring: SoftwareKeyring) => Promise<void>;
}

interface HeldVersion extends SoftwareKeyVersion {
  // Imported on first use and kept as a non-extractable key.
  cryptoKey?: Promise<WebCryptoKey>;
}

// What `persist` receives: copies, so closing the KMS (which zeroes its own material) never
// zeroes a keyring the caller kept.
function snapshot(keys: ReadonlyMap<string, readonly HeldVersion[]>): SoftwareKeyring {
  const copy = new Map<string, readonly SoftwareKeyVersion[]>();
  for (const [name, versions] of keys) {
    copy.set(
      name,
      versions.map(({ version, createdAt, material }) => ({
        version,
        createdAt,
        material: material.slice(),
      })),
    );
  }
  return { keys: copy };
}

/**
 * The embedded KMS: versioned AES-256 master keys in process memory, from a keyring file or an
 * environment variable. A data key is wrapped with AES-256-GCM under the KEK's current version, a
 * random nonce, and additional data binding the KEK name, its version and the canonical wrap
 * context, so a wrapped key presented under another context, name or version does not unwrap.
 * Good for development and single-host deployments; the master keys are only as safe as the
 * keyring's storage (PCI DSS 3.6.1 expects a KMS or HSM in production).
 */
export function createSoftwareKms(options: SoftwareKmsOptions): Kms {
  const clock = options.clock ?? systemClock;
  const persist = options.persist;
  let keys = new Map<string, readonly HeldVersion[]>();
  for (const [name, versions] of options.keyring.keys) {
    assert(checkKekName(name).isOk(), 'keyring names match KEK_NAME_PATTERN');
    keys.set(
      name,
      versions.map((version) => ({ ...version, material: version.material.slice() })),
    );
  }
  let closed = false;
  // createKey and rotate run one at a time, so two rotations never both become version n + 1.
  let mutations: Promise<unknown> = Promise.resolve();

  const assertOpen = () => assert(!closed, 'the software KMS is closed');

  const describe = (keyId: string, versions: readonly HeldVersion[]): KekDescription => ({
    keyId,
    currentVersion: (versions.at(-1) as HeldVersion).version,
    versions: versions.map(({ version, createdAt }) => ({ version, createdAt })),
  });

  const lookup = (keyId: string): Result<readonly HeldVersion[], KmsError> => {
    const name = checkKekName(keyId);
    if (name.isErr()) return err(name.error);
    const versions = keys.get(keyId);
    return versions === undefined ? err({ type: 'kms.key_not_found', keyId }) : ok(versions);
  };

  const cryptoKeyOf = (held: HeldVersion): Promise<WebCryptoKey> => {
    held.cryptoKey ??= importAesGcmKey(held.material);
    return held.cryptoKey;
  };

  const additionalData = (
    keyId: string,
    version: number,
    context: WrapContext,
  ): Result<Uint8Array, KmsError> =>
    encodeWrapContext(context).map((encoded) =>
      lengthPrefixed([WRAP_LABEL, keyId, String(version), encoded]),
    );

  const wrapWith = async (
    keyId: string,
    held: HeldVersion,
    plaintext: Uint8Array,
    context: WrapContext,
  ): Promise<Result<WrappedKey, KmsError>> => {
    if (plaintext.byteLength !== DATA_KEY_BYTES)
      return err({ type: 'kms.invalid_request', field: 'plaintext', reason: 'not_32_bytes' });
    const aad = additionalData(keyId, held.version, context);
    if (aad.isErr()) return err(aad.error);
    const nonce = randomBytes(AES_GCM_NONCE_BYTES);
    const sealed = await aesGcmEncrypt(await cryptoKeyOf(held), nonce, plaintext, aad.value);
    const ciphertext = new Uint8Array(SOFTWARE_WRAPPED_KEY_BYTES);
    ciphertext.set(nonce, 0);
    ciphertext.set(sealed, AES_GCM_NONCE_BYTES);
    return ok({ keyId, version: held.version, ciphertext });
  };

  const wrapCurrent = async (
    keyId: string,
    plaintext: Uint8Array,
    context: WrapContext,
  ): Promise<Result<WrappedKey, KmsError>> => {
    const versions = lookup(keyId);
    if (versions.isErr()) return err(versions.error);
    return wrapWith(keyId, versions.value.at(-1) as HeldVersion, plaintext, context);
  };

  const unwrap = async (
    wrapped: WrappedKey,
    context: WrapContext,
  ): Promise<Result<Uint8Array, KmsError>> => {
    const versions = lookup(wrapped.keyId);
    if (versions.isErr()) return err(versions.error);
    const held = versions.value.find((candidate) => candidate.version === wrapped.version);
    if (held === undefined)
      return err({
        type: 'kms.key_version_not_found',
        keyId: wrapped.keyId,
        version: wrapped.version,
      });
    const aad = additionalData(wrapped.keyId, held.version, context);
    if (aad.isErr()) return err(aad.error);
    const failed = err({
      type: 'kms.unwrap_failed' as const,
      keyId: wrapped.keyId,
      version: wrapped.version,
    });
    if (wrapped.ciphertext.byteLength !== SOFTWARE_WRAPPED_KEY_BYTES) return failed;
    const plaintext = await aesGcmDecrypt(
      await cryptoKeyOf(held),
      wrapped.ciphertext.subarray(0, AES_GCM_NONCE_BYTES),
      wrapped.ciphertext.subarray(AES_GCM_NONCE_BYTES),
      aad.value,
    );
    return plaintext === undefined ? failed : ok(plaintext);
  };

  // Adds a version (or a new key) and persists the keyring before the change becomes visible.
  const mutate = (
    keyId: string,
    change: (
      versions: readonly HeldVersion[] | undefined,
    ) => Result<readonly HeldVersion[] | null, KmsError>,
  ): Promise<Result<KekDescription, KmsError>> => {
    const run = async (): Promise<Result<KekDescription, KmsError>> => {
      assertOpen();
      const name = checkKekName(keyId);
      if (name.isErr()) return err(name.error);
      const changed = change(keys.get(keyId));
      if (changed.isErr()) return err(changed.error);
      if (changed.value === null) return ok(describe(keyId, keys.get(keyId) ?? []));
      const next = new Map(keys);
      next.set(keyId, changed.value);
      if (persist !== undefined) {
        try {
          await persist(snapshot(next));
        } catch (cause) {
          // Only the error code is kept: a message may name paths, never key material, but say
          // nothing more than needed.
          const code =
            typeof cause === 'object' && cause !== null && 'code' in cause
              ? String((cause as { code: unknown }).code)
              : undefined;
          return err(
            infrastructureError({
              retryable: true,
              operation: 'software_kms.persist',
              message: 'the keyring could not be saved; the new key version was discarded',
              code,
            }),
          );
        }
      }
      keys = next;
      return ok(describe(keyId, changed.value));
    };
    const result = mutations.then(run, run);
    mutations = result;
    return result;
  };

  return {
    kind: 'software',

    createKey(keyId) {
      return mutate(keyId, (versions) => {
        if (versions !== undefined) return ok(null);
        if (keys.size >= SOFTWARE_KEYRING_MAX_KEYS)
          return err({ type: 'kms.invalid_request', field: 'keyId', reason: 'too_many_keys' });
        return ok([newSoftwareKeyVersion(1, clock)]);
      });
    },

    rotate(keyId) {
      return mutate(keyId, (versions) => {
        if (versions === undefined) return err({ type: 'kms.key_not_found', keyId });
        if (versions.length >= SOFTWARE_KEYRING_MAX_VERSIONS)
          return err({ type: 'kms.invalid_request', field: 'keyId', reason: 'too_many_versions' });
        const current = versions.at(-1) as HeldVersion;
        return ok([...versions, newSoftwareKeyVersion(current.version + 1, clock)]);
      });
    },

    async describe(keyId) {
      assertOpen();
      return lookup(keyId).map((versions) => describe(keyId, versions));
    },

    async generateDataKey(keyId, context): Promise<Result<DataKey, KmsError>> {
      assertOpen();
      const plaintext = randomBytes(DATA_KEY_BYTES);
      const wrapped = await wrapCurrent(keyId, plaintext, context);
      if (wrapped.isErr()) {
        plaintext.fill(0);
        return err(wrapped.error);
      }
      return ok({ plaintext, wrapped: wrapped.value });
    },

    async wrap(keyId, plaintext, context) {
      assertOpen();
      return wrapCurrent(keyId, plaintext, context);
    },

    async unwrap(wrapped, context) {
      assertOpen();
      return unwrap(wrapped, context);
    },

    async rewrap(wrapped, context) {
      assertOpen();
      const plaintext = await unwrap(wrapped, context);
      if (plaintext.isErr()) return err(plaintext.error);
      try {
        return await wrapCurrent(wrapped.keyId, plaintext.value, context);
      } finally {
        plaintext.value.fill(0);
      }
    },

    async close() {
      closed = true;
      for (const versions of keys.values()) for (const held of versions) held.material.fill(0);
      keys = new Map();
    },
  };
}
