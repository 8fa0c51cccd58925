import { createStorageRevocationList } from '@strongroom/identity';
import {
  type Clock,
  createStorageCache,
  createStorageIdempotencyStore,
  createStorageRateLimiter,
  type Storage,
} from '@strongroom/kernel';
import {
  describeAuditConformance,
  describeDisputesConformance,
  describeEventsConformance,
  describeIdempotencyStoreConformance,
  describeIdentityConformance,
  describeKeyValueCacheConformance,
  describeLedgerConformance,
  describeRateLimiterConformance,
  describeRevocationListConformance,
  describeStorageConformance,
  describeVaultConformance,
  type RecordTamperer,
  type StorageBackend,
  type StoreUnderTest,
  type TimedStoreBackend,
} from '@strongroom/testkit';
import { createMyStorage, type MyDatabase } from './my-storage.js';

/** Yours to write: a fresh, empty database, raw access below the port, and its removal. */
declare function createTestDatabase(): Promise<{
  readonly database: MyDatabase;
  readonly tamper: RecordTamperer;
  drop(): Promise<void>;
}>;

const myDatabase: StorageBackend = {
  name: 'my-database',
  async create() {
    const { database, tamper, drop } = await createTestDatabase();
    const storage = createMyStorage(database);
    return {
      storage,
      tamper,
      async dispose() {
        await storage.close();
        await drop();
      },
    };
  },
};
const backends = [myDatabase];

describeStorageConformance(backends);
describeAuditConformance(backends);
describeEventsConformance(backends);
describeLedgerConformance(backends);
describeVaultConformance(backends);
describeIdentityConformance(backends);
describeDisputesConformance(backends);

// The stores Strongroom builds on any storage run on yours too, each on the suite's fake clock.
function onMyDatabase<Port extends object>(
  build: (storage: Storage, clock: Clock) => Port,
): TimedStoreBackend<Port & StoreUnderTest> {
  return {
    name: 'my-database',
    async create({ clock }) {
      const created = await myDatabase.create();
      return { ...build(created.storage, clock), dispose: () => created.dispose() };
    },
  };
}

describeRateLimiterConformance([
  onMyDatabase((storage, clock) => ({ limiter: createStorageRateLimiter({ storage, clock }) })),
]);
describeKeyValueCacheConformance([
  onMyDatabase((storage, clock) => ({ cache: createStorageCache({ storage, clock }) })),
]);
describeIdempotencyStoreConformance([
  onMyDatabase((storage, clock) => ({ store: createStorageIdempotencyStore({ storage, clock }) })),
]);
describeRevocationListConformance([
  onMyDatabase((storage, clock) => ({
    revocations: createStorageRevocationList({ storage, clock }),
  })),
]);
