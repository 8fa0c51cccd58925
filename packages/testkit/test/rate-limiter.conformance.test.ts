import { createProcessRateLimiter, createStorageRateLimiter } from '@strongroom/kernel';
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
  {
    name: 'process',
    // The library's timers and Date.now keep its windows, as Redis keeps its own.
    usesStoreTime: true,
    // Nothing outside the process can fail, so the store-failure cases are skipped.
    create: async () => ({ limiter: createProcessRateLimiter(), dispose: async () => {} }),
  },
]);
