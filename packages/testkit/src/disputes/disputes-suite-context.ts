import type { SuiteDisputes } from './suite-disputes.js';

/** What every disputes case gets: a fresh engine, ledger and tenant over the storage under test. */
export interface DisputesSuiteContext {
  engine(): Promise<SuiteDisputes>;
}
