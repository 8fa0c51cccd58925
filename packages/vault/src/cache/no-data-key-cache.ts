import type { DataKeyCache } from './data-key-cache.js';

/**
 * A {@link DataKeyCache} that caches nothing: every encryption generates a data key and every
 * decryption unwraps one. The default, and the baseline the benchmark compares the cache with.
 */
export function noDataKeyCache(): DataKeyCache {
  let kmsCalls = 0;
  return {
    encryptionKey(_partition, _plaintextBytes, load) {
      kmsCalls += 1;
      return load();
    },
    decryptionKey(_partition, _wrapped, load) {
      kmsCalls += 1;
      return load();
    },
    stats: () => ({ kmsCalls, hits: 0, misses: kmsCalls }),
    clear: () => {},
  };
}
