import type { KeyValueCache } from '@strongroom/kernel';
import { describeKeyValueCacheConformance, describeKmsConformance } from '@strongroom/testkit';
import type { Kms } from '@strongroom/vault';

/** Yours to write: a KMS client for the tests (a test account, a test token). */
declare function connectMyKms(): Promise<Kms>;

/**
 * Yours to write: a cache on your server under a key prefix of the test's own. `close` deletes the
 * prefix's keys and disconnects; afterwards every call answers as an outage would (a retryable
 * infrastructure error).
 */
declare function connectMyCache(
  keyPrefix: string,
): Promise<{ readonly cache: KeyValueCache; close(): Promise<void> }>;

describeKmsConformance([
  {
    name: 'my-kms',
    async create() {
      const kms = await connectMyKms();
      return { kms, dispose: () => kms.close() };
    },
  },
]);

describeKeyValueCacheConformance([
  {
    name: 'my-cache',
    // The server expires entries by its own clock, so the suite waits in real time.
    usesStoreTime: true,
    async create() {
      const connection = await connectMyCache(`conformance-${crypto.randomUUID()}:`);
      let open = true;
      const close = async () => {
        if (!open) return;
        open = false;
        await connection.close();
      };
      // The failure cases run last, on the broken store; without `breakStore` they are skipped.
      return { cache: connection.cache, dispose: close, breakStore: close };
    },
  },
]);
