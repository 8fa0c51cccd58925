import type { Storage } from '@strongroom/kernel';
import type { SuiteLedger, SuiteLedgerOptions } from './suite-ledger.js';

/** What every group of ledger cases receives: the storage under test and ledgers over it. */
export interface LedgerSuiteContext {
  /** The storage under test (shared by every case of the backend). */
  storage(): Storage;
  /** A ledger over the storage under test for a tenant no other case uses. */
  books(options?: SuiteLedgerOptions): SuiteLedger;
}
