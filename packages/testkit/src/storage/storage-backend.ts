import type { Storage } from '@strongroom/kernel';
import type { RecordTamperer } from './record-tamperer.js';

/** A storage made for a test run, with the means to remove everything it created. */
export interface StorageUnderTest {
  /** The storage the suite exercises. */
  readonly storage: Storage;
  /** Raw access below the port, for suites that prove tampering is detected. */
  readonly tamper: RecordTamperer;
  /** Closes the storage and drops what it created (database, table, files). */
  dispose(): Promise<void>;
}

/**
 * One row of a conformance run, like a kysely dialect in its `DIALECTS` list: a name and a
 * factory for a fresh, empty storage on that backend.
 */
export interface StorageBackend {
  readonly name: string;
  /** A fresh, empty storage on this backend. */
  create(): Promise<StorageUnderTest>;
}
