import { createStorageRevocationList } from '@strongroom/identity';
import { createRedisRevocationList } from '@strongroom/redis';
import { describeRevocationListConformance } from '../src/revocation/describe-revocation-list-conformance.js';
import { redisStoreBackend } from './redis-store-backends.js';
import { storageStoreBackends } from './storage-store-backends.js';

describeRevocationListConformance([
  ...storageStoreBackends((storage, clock) => ({
    revocations: createStorageRevocationList({ storage, clock }),
  })),
  redisStoreBackend((client, keyPrefix) => ({
    revocations: createRedisRevocationList({ client, keyPrefix }),
  })),
]);
