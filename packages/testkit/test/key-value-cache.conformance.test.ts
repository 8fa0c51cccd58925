import { createStorageCache } from '@strongroom/kernel';
import { createRedisCache } from '@strongroom/redis';
import { describeKeyValueCacheConformance } from '../src/cache/describe-key-value-cache-conformance.js';
import { redisStoreBackend } from './redis-store-backends.js';
import { storageStoreBackends } from './storage-store-backends.js';

describeKeyValueCacheConformance([
  ...storageStoreBackends((storage, clock) => ({ cache: createStorageCache({ storage, clock }) })),
  redisStoreBackend((client, keyPrefix) => ({ cache: createRedisCache({ client, keyPrefix }) })),
]);
