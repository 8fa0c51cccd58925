import type { DisputeAutoBatchOptions } from '@strongroom/disputes';
import type { SuiteDisputes } from './suite-disputes.js';

/** What every disputes case gets: a fresh engine, ledger and tenant over the storage under test. */
export interface DisputesSuiteContext {
  /**
   * A new engine with its ledger, accounts and payment, for a tenant no other case uses; without
   * `autoBatch`, in the commit mode the suite runs in (the engine's default or one commit each).
   */
  engine(options?: {
    readonly autoBatch?: DisputeAutoBatchOptions | false;
  }): Promise<SuiteDisputes>;
}
