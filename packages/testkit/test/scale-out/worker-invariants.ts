import { DEADLINE_APPROACHING_EVENT } from '@strongroom/disputes';
import { LEDGER_EVENT_TYPES } from '@strongroom/ledger';
import { expect } from 'vitest';
import type { ScaleOutRun } from './scale-out-run.js';

/**
 * No worker reported an operating error or stopped on a throw. Checked softly and first: a job
 * that died in one process leaves its work to the others, so the invariants after it still say
 * whether the survivors kept the books right.
 */
export function expectWorkersHealthy(run: ScaleOutRun): void {
  expect.soft(run.reports.flatMap((report) => report.workerErrors)).toEqual([]);
  expect.soft(run.reports.flatMap((report) => report.workerFailures)).toEqual([]);
}

/**
 * The work was shared: several processes sequenced audit batches and several ran sweeps that
 * committed (expiries and reminders), so the exactly-once results above were reached by racing
 * processes, not by one that happened to do everything.
 */
export function expectWorkShared(run: ScaleOutRun): void {
  const sweepTypes = new Set<string>([
    LEDGER_EVENT_TYPES.transferExpired,
    'dispute.expired',
    DEADLINE_APPROACHING_EVENT,
  ]);
  const sequencers = run.reports.filter((report) => report.auditBatches > 0);
  const sweepers = run.reports.filter((report) =>
    report.events.some((event) => sweepTypes.has(event.type)),
  );
  expect(sequencers.length, 'processes that sequenced audit batches').toBeGreaterThanOrEqual(2);
  expect(sweepers.length, 'processes whose sweeps committed').toBeGreaterThanOrEqual(2);
}
