import { createMemoryStorage } from '@strongroom/memory';
import type { StorageBackend } from '../src/index.js';

/**
 * The backends every conformance suite runs on, like kysely's `DIALECTS`: memory, a Postgres
 * server, embedded PGlite and DynamoDB Local.
 */
export const BACKENDS: readonly StorageBackend[] = [
  {
    name: 'memory',
    async create() {
      const storage = createMemoryStorage();
      return { storage, dispose: () => storage.close() };
    },
  },
];
