import { createStorageIdempotencyStore } from '@strongroom/kernel';
import { createRedisIdempotencyStore } from '@strongroom/redis';
import { describeIdempotencyStoreConformance } from '../src/idempotency/describe-idempotency-store-conformance.js';
import { redisStoreBackend } from './redis-store-backends.js';
import { storageStoreBackends } from './storage-store-backends.js';

describeIdempotencyStoreConformance([
  ...storageStoreBackends((storage, clock) => ({
    store: createStorageIdempotencyStore({ storage, clock }),
  })),
  redisStoreBackend((client, keyPrefix) => ({
    store: createRedisIdempotencyStore({ client, keyPrefix }),
  })),
]);
