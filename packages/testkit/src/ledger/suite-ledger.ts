import { type AuditLog, createAuditLog } from '@strongroom/audit';
import { FakeClock, type Storage, type TenantId } from '@strongroom/kernel';
import { createLedger, type Ledger, type LedgerOptions } from '@strongroom/ledger';

/** The audit signing keys of the ledger suite: reproducible, not secret. */
export const LEDGER_SUITE_SIGNING = {
  originPrefix: 'ledger.conformance.test',
  masterSeeds: [new Uint8Array(32).fill(11)],
};

/** A fixed start, so that point-in-time reads and expiries are repeatable. */
export const LEDGER_SUITE_START = new Date('2026-03-02T08:00:00.000Z');

/** How a case wants its ledger. */
export interface SuiteLedgerOptions {
  /** Turns on auto-batching of `createTransfer` (off by default, as in `createLedger`). */
  readonly autoBatch?: LedgerOptions['autoBatch'];
  /** Shares the clock of another ledger: a second process of the same deployment. */
  readonly clock?: FakeClock;
}

/** A ledger over the storage under test, for one fresh tenant, with what it was built from. */
export interface SuiteLedger {
  readonly ledger: Ledger;
  readonly audit: AuditLog;
  readonly clock: FakeClock;
  readonly storage: Storage;
  readonly tenantId: TenantId;
}

/**
 * Builds a ledger the way a host would: a real audit log writing its leaves in the ledger's
 * transactions, and a fake clock so that expiries and point-in-time reads are exact.
 */
export function createSuiteLedger(
  storage: Storage,
  tenantId: TenantId,
  options: SuiteLedgerOptions = {},
): SuiteLedger {
  const clock = options.clock ?? new FakeClock(LEDGER_SUITE_START);
  const audit = createAuditLog({ storage, clock, signing: LEDGER_SUITE_SIGNING });
  const ledger = createLedger({
    storage,
    audit,
    clock,
    ...(options.autoBatch === undefined ? {} : { autoBatch: options.autoBatch }),
  });
  return { ledger, audit, clock, storage, tenantId };
}
