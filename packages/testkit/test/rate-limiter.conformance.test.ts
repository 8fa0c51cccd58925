import { createStorageRateLimiter } from '@strongroom/kernel';
import { createRedisRateLimiter } from '@strongroom/redis';
import { describeRateLimiterConformance } from '../src/rate-limit/describe-rate-limiter-conformance.js';
import { redisStoreBackend } from './redis-store-backends.js';
import { storageStoreBackends } from './storage-store-backends.js';

describeRateLimiterConformance([
  ...storageStoreBackends((storage, clock) => ({
    limiter: createStorageRateLimiter({ storage, clock }),
  })),
  redisStoreBackend((client, keyPrefix) => ({
    limiter: createRedisRateLimiter({ client, keyPrefix }),
  })),
]);
