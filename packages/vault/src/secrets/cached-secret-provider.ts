import { assert, type Clock, type Result, systemClock } from '@strongroom/kernel';
import type { SecretError, SecretProvider, VersionedSecret } from './secret-provider.js';

/** Options of {@link cachedSecretProvider}. */
export interface CachedSecretProviderOptions {
  /** How long a read secret is reused; a rotation is seen at most this long after it happens. */
  readonly maxAgeMs: number;
  /** Names kept at most (least recently read go first); 256 by default. */
  readonly maxEntries?: number;
  readonly clock?: Clock;
}

interface Entry {
  readonly readAtMs: number;
  readonly secret: Promise<Result<VersionedSecret, SecretError>>;
}

/**
 * Wraps a provider so each secret is read at most once per `maxAgeMs`: rotating a secret in its
 * store (a new version added) reaches every process within that time, without a restart.
 * Failures are not cached, so a missing or broken secret is retried on the next `get`.
 */
export function cachedSecretProvider(
  provider: SecretProvider,
  options: CachedSecretProviderOptions,
): SecretProvider {
  const { maxAgeMs } = options;
  const maxEntries = options.maxEntries ?? 256;
  const clock = options.clock ?? systemClock;
  assert(Number.isSafeInteger(maxAgeMs) && maxAgeMs > 0, 'maxAgeMs is a positive integer');
  assert(Number.isSafeInteger(maxEntries) && maxEntries > 0, 'maxEntries is a positive integer');
  const entries = new Map<string, Entry>();

  return {
    async get(name) {
      const nowMs = clock.now().getTime();
      let entry = entries.get(name);
      if (entry === undefined || nowMs - entry.readAtMs >= maxAgeMs) {
        // Stored before it settles, so concurrent callers share one read.
        entry = { readAtMs: nowMs, secret: provider.get(name) };
      }
      entries.delete(name);
      entries.set(name, entry);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
      const current = entry;
      const forget = () => {
        if (entries.get(name) === current) entries.delete(name);
      };
      try {
        const secret = await current.secret;
        if (secret.isErr()) forget();
        return secret;
      } catch (error) {
        forget();
        throw error;
      }
    },
  };
}
