import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  type KMSClient,
  ReEncryptCommand,
} from '@aws-sdk/client-kms';
import { assert, type Clock, infrastructureError, systemClock } from '@strongroom/kernel';
import {
  checkKekName,
  DATA_KEY_BYTES,
  encodeWrapContext,
  type KekDescription,
  type Kms,
  type KmsError,
  type WrapContext,
  type WrappedKey,
} from '@strongroom/vault';
import {
  AWS_KMS_MAX_VERSIONS,
  assertAliasPrefix,
  DEFAULT_KEK_ALIAS_PREFIX,
  versionAlias,
} from './kek-aliases.js';
import { callKms, KmsFailure, kmsResult, unexpectedKmsAnswer } from './kms-call.js';
import { listKekVersions } from './list-kek-versions.js';

/** What {@link createAwsKms} needs. */
export interface AwsKmsOptions {
  /** The caller's client (region, credentials, retries); the adapter never destroys it. */
  readonly client: KMSClient;
  /** Where the KEK aliases live; `alias/strongroom/` by default. */
  readonly aliasPrefix?: string;
  /** Times the version cache; the system clock by default. */
  readonly clock?: Clock;
  /**
   * How long a KEK's current version is reused by `generateDataKey`, `wrap` and `rewrap` before
   * the aliases are listed again; 0 lists them on every call. A rotation made through this
   * instance is seen at once, one made elsewhere within this time.
   */
  readonly versionCacheMs?: number;
}

/** The default of {@link AwsKmsOptions.versionCacheMs}: one minute. */
export const AWS_KMS_DEFAULT_VERSION_CACHE_MS = 60_000;

const MAX_VERSION_CACHE_MS = 3_600_000;
// KEKs are few (one per purpose); the bound only keeps a misuse from growing the map forever.
const MAX_CACHED_KEKS = 1024;
// KMS accepts ciphertext blobs of 1 to 6144 bytes; anything else cannot be one of its wraps.
const MAX_CIPHERTEXT_BYTES = 6144;

const OPERATION = {
  createKey: 'aws_kms.create_key',
  rotate: 'aws_kms.rotate',
  describe: 'aws_kms.describe',
  generateDataKey: 'aws_kms.generate_data_key',
  wrap: 'aws_kms.wrap',
  unwrap: 'aws_kms.unwrap',
  rewrap: 'aws_kms.rewrap',
} as const;

interface CachedDescription {
  readonly description: KekDescription;
  readonly expiresAtMs: number;
}

/**
 * The vault's KMS port on AWS KMS. Each KEK version is its own symmetric KMS key, named by the
 * alias `<prefix><kek>/v<version>` (AWS's manual-rotation pattern), so a wrapped key records
 * exactly which key can unwrap it, old versions stay usable until the vault retires them, and a
 * rotation takes effect at once. Data keys come from `GenerateDataKey`; unwrap is `Decrypt`
 * naming the version's alias, so a blob cannot be redirected to another key; rewrap is
 * `ReEncrypt`, so the data key never leaves KMS. The wrap context is the KMS encryption context.
 * AWS error messages are never passed on: they echo key ARNs and alias names.
 */
export function createAwsKms(options: AwsKmsOptions): Kms {
  const { client } = options;
  const prefix = options.aliasPrefix ?? DEFAULT_KEK_ALIAS_PREFIX;
  assertAliasPrefix(prefix);
  const clock = options.clock ?? systemClock;
  const cacheMs = options.versionCacheMs ?? AWS_KMS_DEFAULT_VERSION_CACHE_MS;
  assert(
    Number.isInteger(cacheMs) && cacheMs >= 0 && cacheMs <= MAX_VERSION_CACHE_MS,
    'versionCacheMs is an integer from 0 to one hour',
  );
  const cache = new Map<string, CachedDescription>();
  let closed = false;

  const assertOpen = () => assert(!closed, 'the AWS KMS adapter is closed');
  const alias = (keyId: string, version: number) => versionAlias(prefix, keyId, version);

  const remember = (description: KekDescription): KekDescription => {
    cache.delete(description.keyId);
    if (cacheMs === 0) return description;
    if (cache.size >= MAX_CACHED_KEKS) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(description.keyId, {
      description,
      expiresAtMs: clock.now().getTime() + cacheMs,
    });
    return description;
  };

  const describeFresh = async (keyId: string, operation: string) => {
    const description = await listKekVersions(client, prefix, keyId, operation);
    if (description === undefined) {
      cache.delete(keyId);
      return undefined;
    }
    return remember(description);
  };

  const existing = async (keyId: string, operation: string): Promise<KekDescription> => {
    const description = await describeFresh(keyId, operation);
    if (description === undefined) throw new KmsFailure({ type: 'kms.key_not_found', keyId });
    return description;
  };

  const currentVersion = async (keyId: string, operation: string): Promise<number> => {
    const cached = cache.get(keyId);
    if (cached !== undefined && cached.expiresAtMs > clock.now().getTime()) {
      return cached.description.currentVersion;
    }
    return (await existing(keyId, operation)).currentVersion;
  };

  // KMS answers NotFoundException for a missing alias whether the version or the whole KEK is
  // gone; a fresh listing tells them apart.
  const refineMissing = async <T>(
    keyId: string,
    operation: string,
    run: () => Promise<T>,
  ): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof KmsFailure && error.error.type === 'kms.key_version_not_found') {
        if ((await describeFresh(keyId, operation)) === undefined) {
          throw new KmsFailure({ type: 'kms.key_not_found', keyId });
        }
      }
      throw error;
    }
  };

  // Creates the key for `version` and points its alias at it. Two callers racing for the same
  // version both create a key; CreateAlias lets one win and the loser's key stays unused (its
  // tags name it; see the README), which is cheaper than granting this process key deletion.
  const addVersion = async (
    keyId: string,
    version: number,
    operation: string,
  ): Promise<KekDescription> => {
    const created = await callKms(operation, () =>
      client.send(
        new CreateKeyCommand({
          Description: `Strongroom key-encryption key ${keyId}, version ${version}`,
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          Tags: [
            { TagKey: 'strongroom:kek', TagValue: keyId },
            { TagKey: 'strongroom:version', TagValue: String(version) },
          ],
        }),
      ),
    );
    const targetKeyId = created.KeyMetadata?.KeyId;
    if (targetKeyId === undefined) throw unexpectedKmsAnswer(operation);
    let won = true;
    try {
      await callKms(operation, () =>
        client.send(
          new CreateAliasCommand({ AliasName: alias(keyId, version), TargetKeyId: targetKeyId }),
        ),
      );
    } catch (error) {
      if (!(error instanceof KmsFailure && isAlreadyExists(error.error))) throw error;
      won = false;
    }
    const description = await describeFresh(keyId, operation);
    if (won) {
      if (description?.versions.some((listed) => listed.version === version)) return description;
      // KMS is eventually consistent: a listing right after CreateAlias may not show it yet.
      const createdAt = created.KeyMetadata?.CreationDate ?? clock.now();
      return remember({
        keyId,
        currentVersion: version,
        versions: [...(description?.versions ?? []), { version, createdAt }],
      });
    }
    // Another caller made this version first (or an SDK retry of our own CreateAlias landed).
    if (description !== undefined && description.currentVersion >= version) return description;
    throw new KmsFailure(
      infrastructureError({
        retryable: true,
        operation,
        message: 'KMS reported the version alias as existing but does not list it yet',
        code: 'AlreadyExistsException',
      }),
    );
  };

  return {
    kind: 'aws-kms',

    async createKey(keyId) {
      assertOpen();
      return kmsResult(async () => {
        checkName(keyId);
        return (
          (await describeFresh(keyId, OPERATION.createKey)) ??
          (await addVersion(keyId, 1, OPERATION.createKey))
        );
      });
    },

    async rotate(keyId) {
      assertOpen();
      return kmsResult(async () => {
        checkName(keyId);
        const { currentVersion: current } = await existing(keyId, OPERATION.rotate);
        if (current >= AWS_KMS_MAX_VERSIONS) {
          throw new KmsFailure({
            type: 'kms.invalid_request',
            field: 'keyId',
            reason: 'too_many_versions',
          });
        }
        return addVersion(keyId, current + 1, OPERATION.rotate);
      });
    },

    async describe(keyId) {
      assertOpen();
      return kmsResult(async () => {
        checkName(keyId);
        return existing(keyId, OPERATION.describe);
      });
    },

    async generateDataKey(keyId, context) {
      assertOpen();
      const operation = OPERATION.generateDataKey;
      return kmsResult(async () => {
        checkName(keyId);
        checkContext(context);
        const version = await currentVersion(keyId, operation);
        const answer = await refineMissing(keyId, operation, () =>
          callKms(
            operation,
            () =>
              client.send(
                new GenerateDataKeyCommand({
                  KeyId: alias(keyId, version),
                  KeySpec: 'AES_256',
                  EncryptionContext: { ...context },
                }),
              ),
            missingVersion(keyId, version),
          ),
        );
        const plaintext = takeDataKey(answer.Plaintext);
        const ciphertext = answer.CiphertextBlob;
        if (plaintext === undefined || ciphertext === undefined || ciphertext.length === 0) {
          plaintext?.fill(0);
          throw unexpectedKmsAnswer(operation);
        }
        return { plaintext, wrapped: { keyId, version, ciphertext: ciphertext.slice() } };
      });
    },

    async wrap(keyId, plaintext, context) {
      assertOpen();
      const operation = OPERATION.wrap;
      return kmsResult(async (): Promise<WrappedKey> => {
        checkName(keyId);
        if (plaintext.byteLength !== DATA_KEY_BYTES) {
          throw new KmsFailure({
            type: 'kms.invalid_request',
            field: 'plaintext',
            reason: 'not_32_bytes',
          });
        }
        checkContext(context);
        const version = await currentVersion(keyId, operation);
        const answer = await refineMissing(keyId, operation, () =>
          callKms(
            operation,
            () =>
              client.send(
                new EncryptCommand({
                  KeyId: alias(keyId, version),
                  Plaintext: plaintext,
                  EncryptionContext: { ...context },
                }),
              ),
            missingVersion(keyId, version),
          ),
        );
        const ciphertext = answer.CiphertextBlob;
        if (ciphertext === undefined || ciphertext.length === 0)
          throw unexpectedKmsAnswer(operation);
        return { keyId, version, ciphertext: ciphertext.slice() };
      });
    },

    async unwrap(wrapped, context) {
      assertOpen();
      const operation = OPERATION.unwrap;
      return kmsResult(async () => {
        checkWrapped(wrapped);
        checkContext(context);
        const { keyId, version } = wrapped;
        const answer = await refineMissing(keyId, operation, async () => {
          if (!isPossibleVersion(version)) throw missingVersionFailure(keyId, version);
          return callKms(
            operation,
            () =>
              client.send(
                new DecryptCommand({
                  KeyId: alias(keyId, version),
                  CiphertextBlob: wrapped.ciphertext,
                  EncryptionContext: { ...context },
                }),
              ),
            unwrapErrors(keyId, version),
          );
        });
        if (answer.Plaintext === undefined) throw unexpectedKmsAnswer(operation);
        const plaintext = takeDataKey(answer.Plaintext);
        // Authentic, but not one of our data keys: something else was encrypted under the KEK.
        if (plaintext === undefined) throw unwrapFailed(keyId, version);
        return plaintext;
      });
    },

    async rewrap(wrapped, context) {
      assertOpen();
      const operation = OPERATION.rewrap;
      return kmsResult(async (): Promise<WrappedKey> => {
        checkWrapped(wrapped);
        checkContext(context);
        const { keyId, version } = wrapped;
        let destination = await currentVersion(keyId, operation);
        // A wrap newer than the cached current version means another process rotated: never
        // rewrap downwards.
        if (version > destination) destination = (await existing(keyId, operation)).currentVersion;
        const reEncrypt = () =>
          callKms(
            operation,
            () =>
              client.send(
                new ReEncryptCommand({
                  CiphertextBlob: wrapped.ciphertext,
                  SourceKeyId: alias(keyId, version),
                  SourceEncryptionContext: { ...context },
                  DestinationKeyId: alias(keyId, destination),
                  DestinationEncryptionContext: { ...context },
                }),
              ),
            unwrapErrors(keyId, version),
          );
        let answer: Awaited<ReturnType<typeof reEncrypt>>;
        try {
          if (!isPossibleVersion(version)) throw missingVersionFailure(keyId, version);
          answer = await reEncrypt();
        } catch (error) {
          if (!(error instanceof KmsFailure && error.error.type === 'kms.key_version_not_found')) {
            throw error;
          }
          // Either alias may be the missing one: the wrap's version, or (removed by hand since
          // the listing) the current one.
          const description = await describeFresh(keyId, operation);
          if (description === undefined) throw new KmsFailure({ type: 'kms.key_not_found', keyId });
          const hasSource = description.versions.some((listed) => listed.version === version);
          throw hasSource ? missingVersionFailure(keyId, destination) : error;
        }
        const ciphertext = answer.CiphertextBlob;
        if (ciphertext === undefined || ciphertext.length === 0)
          throw unexpectedKmsAnswer(operation);
        return { keyId, version: destination, ciphertext: ciphertext.slice() };
      });
    },

    async close() {
      closed = true;
      cache.clear();
    },
  };
}

function checkName(keyId: string): void {
  const name = checkKekName(keyId);
  if (name.isErr()) throw new KmsFailure(name.error);
}

// The same rules as every other adapter (entry count, key shape, value length), so a context
// that works on the software KMS works here and the other way round.
function checkContext(context: WrapContext): void {
  const encoded = encodeWrapContext(context);
  if (encoded.isErr()) throw new KmsFailure(encoded.error);
}

function checkWrapped(wrapped: WrappedKey): void {
  checkName(wrapped.keyId);
  const bytes = wrapped.ciphertext.byteLength;
  if (bytes === 0 || bytes > MAX_CIPHERTEXT_BYTES) {
    throw unwrapFailed(wrapped.keyId, wrapped.version);
  }
}

// The data key in a buffer the caller owns: the SDK decodes into a shared pool, so the key is
// copied out and the SDK's bytes zeroed.
function takeDataKey(bytes: Uint8Array | undefined): Uint8Array | undefined {
  if (bytes === undefined) return undefined;
  const owned = bytes.length === DATA_KEY_BYTES ? Uint8Array.from(bytes) : undefined;
  bytes.fill(0);
  return owned;
}

// Versions are whole numbers from 1; anything else (0, 1.5, past the cap) no KEK ever had.
function isPossibleVersion(version: number): boolean {
  return Number.isSafeInteger(version) && version >= 1 && version <= AWS_KMS_MAX_VERSIONS;
}

function isAlreadyExists(error: KmsError): boolean {
  return error.type === 'infrastructure' && error.code === 'AlreadyExistsException';
}

function unwrapFailed(keyId: string, version: number): KmsFailure {
  return new KmsFailure({ type: 'kms.unwrap_failed', keyId, version });
}

function missingVersionFailure(keyId: string, version: number): KmsFailure {
  return new KmsFailure({ type: 'kms.key_version_not_found', keyId, version });
}

function missingVersion(keyId: string, version: number) {
  return (awsErrorName: string): KmsError | undefined =>
    awsErrorName === 'NotFoundException'
      ? { type: 'kms.key_version_not_found', keyId, version }
      : undefined;
}

// InvalidCiphertextException: tampered, cut, or presented with another context.
// IncorrectKeyException: a genuine blob of another key (another version or KEK).
function unwrapErrors(keyId: string, version: number) {
  return (awsErrorName: string): KmsError | undefined => {
    if (awsErrorName === 'InvalidCiphertextException' || awsErrorName === 'IncorrectKeyException') {
      return { type: 'kms.unwrap_failed', keyId, version };
    }
    return missingVersion(keyId, version)(awsErrorName);
  };
}
