import {
  assert,
  type Clock,
  err,
  ok,
  type Result,
  systemClock,
  type TenantId,
} from '@strongroom/kernel';
import type { DataKeyCache } from '../cache/data-key-cache.js';
import { noDataKeyCache } from '../cache/no-data-key-cache.js';
import { checkDecryptionVersion } from '../keys/check-decryption-version.js';
import type { KeyPolicies } from '../keys/key-policy.js';
import { checkKekName } from '../kms/kek-name.js';
import type { KekDescription, Kms, WrapContext } from '../kms/kms.js';
import type { KmsError } from '../kms/kms-error.js';
import type { EnvelopeCipher, EnvelopeError } from './envelope-cipher.js';
import { ENVELOPE_PLAINTEXT_MAX_BYTES, parseEnvelope, rewrapEnvelope } from './envelope-format.js';
import { openEnvelope, sealEnvelope } from './envelope-seal.js';

/** How long a KEK description (its current version) is reused by `rewrap`, by default. */
export const KEK_DESCRIPTION_MAX_AGE_MS = 5_000;

/** Reported each time the KMS generates a data key, for per-version usage counters. */
export interface DataKeyGeneratedEvent {
  readonly tenantId: TenantId;
  readonly keyId: string;
  readonly version: number;
}

/** What {@link createEnvelopeCipher} needs. */
export interface EnvelopeCipherOptions {
  /** Generates, unwraps and rewraps the data keys. */
  readonly kms: Kms;
  /** Data-key cache; none ({@link noDataKeyCache}) by default. */
  readonly cache?: DataKeyCache;
  /** Minimum decryption versions by KEK; none by default. */
  readonly policies?: KeyPolicies;
  /** Called after every data key the KMS generates (not for cache hits). Must not throw. */
  readonly onDataKeyGenerated?: (event: DataKeyGeneratedEvent) => void;
  /** How long `rewrap` trusts a KEK's current version; {@link KEK_DESCRIPTION_MAX_AGE_MS} by default. */
  readonly kekDescriptionMaxAgeMs?: number;
  /** Times the KEK description cache; the system clock by default. */
  readonly clock?: Clock;
}

/**
 * What the KMS binds a data key to: its tenant and KEK. A wrapped key copied into another tenant's
 * envelope does not unwrap there.
 */
export function dataKeyWrapContext(tenantId: TenantId, keyId: string): WrapContext {
  return { tenant: tenantId, kek: keyId };
}

interface DescribedKek {
  readonly atMs: number;
  readonly description: Promise<Result<KekDescription, KmsError>>;
}

/**
 * The envelope cipher over a KMS: each message is sealed under a data key from the cache or
 * freshly generated under the KEK's current version; decryption refuses retired KEK versions
 * before the KMS is asked; rewrap moves a data key to the current version without decrypting data.
 */
export function createEnvelopeCipher(options: EnvelopeCipherOptions): EnvelopeCipher {
  const { kms, onDataKeyGenerated } = options;
  const cache = options.cache ?? noDataKeyCache();
  const policies = options.policies ?? {};
  const clock = options.clock ?? systemClock;
  const describeMaxAgeMs = options.kekDescriptionMaxAgeMs ?? KEK_DESCRIPTION_MAX_AGE_MS;
  assert(
    Number.isSafeInteger(describeMaxAgeMs) && describeMaxAgeMs >= 0,
    'kekDescriptionMaxAgeMs is a non-negative integer',
  );
  const described = new Map<string, DescribedKek>();

  const currentVersion = async (keyId: string): Promise<Result<number, KmsError>> => {
    const nowMs = clock.now().getTime();
    let entry = described.get(keyId);
    if (entry === undefined || nowMs - entry.atMs >= describeMaxAgeMs) {
      entry = { atMs: nowMs, description: kms.describe(keyId) };
      // KEK names are few (a deployment configures them), so this map stays small.
      described.set(keyId, entry);
    }
    const description = await entry.description;
    // A failure is not remembered: the next call asks again.
    if (description.isErr() && described.get(keyId) === entry) described.delete(keyId);
    return description.map((kek) => kek.currentVersion);
  };

  return {
    async encrypt(keyId, binding, plaintext): Promise<Result<string, EnvelopeError>> {
      assert(
        plaintext.byteLength <= ENVELOPE_PLAINTEXT_MAX_BYTES,
        'an envelope plaintext is at most 65536 bytes',
      );
      const name = checkKekName(keyId);
      if (name.isErr()) return err(name.error);
      const partition = { tenantId: binding.tenantId, keyId };
      const dataKey = await cache.encryptionKey(partition, plaintext.byteLength, async () => {
        const generated = await kms.generateDataKey(
          keyId,
          dataKeyWrapContext(binding.tenantId, keyId),
        );
        if (generated.isOk())
          onDataKeyGenerated?.({
            tenantId: binding.tenantId,
            keyId,
            version: generated.value.wrapped.version,
          });
        return generated;
      });
      if (dataKey.isErr()) return err(dataKey.error);
      try {
        return ok(
          await sealEnvelope({
            wrapping: dataKey.value.wrapped,
            dataKey: dataKey.value.plaintext,
            binding,
            plaintext,
          }),
        );
      } finally {
        dataKey.value.plaintext.fill(0);
      }
    },

    async decrypt(binding, envelope): Promise<Result<Uint8Array, EnvelopeError>> {
      const parsed = parseEnvelope(envelope);
      if (parsed.isErr()) return err(parsed.error);
      const { wrapping } = parsed.value;
      const allowed = checkDecryptionVersion(policies, wrapping.keyId, wrapping.version);
      if (allowed.isErr()) return err(allowed.error);
      const partition = { tenantId: binding.tenantId, keyId: wrapping.keyId };
      const dataKey = await cache.decryptionKey(partition, wrapping, () =>
        kms.unwrap(wrapping, dataKeyWrapContext(binding.tenantId, wrapping.keyId)),
      );
      if (dataKey.isErr()) return err(dataKey.error);
      try {
        return await openEnvelope(parsed.value, dataKey.value, binding);
      } finally {
        dataKey.value.fill(0);
      }
    },

    async rewrap(binding, envelope): Promise<Result<string | null, EnvelopeError>> {
      const parsed = parseEnvelope(envelope);
      if (parsed.isErr()) return err(parsed.error);
      const { wrapping } = parsed.value;
      const allowed = checkDecryptionVersion(policies, wrapping.keyId, wrapping.version);
      if (allowed.isErr()) return err(allowed.error);
      const current = await currentVersion(wrapping.keyId);
      if (current.isErr()) return err(current.error);
      if (wrapping.version >= current.value) return ok(null);
      const rewrapped = await kms.rewrap(
        wrapping,
        dataKeyWrapContext(binding.tenantId, wrapping.keyId),
      );
      if (rewrapped.isErr()) return err(rewrapped.error);
      if (rewrapped.value.version === wrapping.version) return ok(null);
      return ok(rewrapEnvelope(parsed.value, rewrapped.value));
    },
  };
}
