import type { EventEnvelope, TenantId } from '@strongroom/kernel';
import type { Strongroom } from '@strongroom/sdk';
import { expect } from 'vitest';
import type { StoreRecording } from './recording-storage.js';
import type { PlannedDispute, PlannedOperation, ScaleOutReport } from './scale-out-config.js';
import { LONG_DEADLINE_OFFSET_MIN_MS, type PlannedBooks } from './scale-out-plan.js';

/** Everything a scale-out run left to check: the store (through the parent's SDK) and the reports. */
export interface ScaleOutRun {
  readonly strongroom: Strongroom;
  readonly tenantId: TenantId;
  readonly books: PlannedBooks;
  readonly plans: readonly (readonly PlannedOperation[])[];
  readonly reports: readonly ScaleOutReport[];
  /** What the parent itself committed (the seeding, its final round). */
  readonly parentRecording: StoreRecording;
  /** Every entry of the Redis stream, duplicates included, as a consumer read them. */
  readonly stream: readonly EventEnvelope[];
}

/** The answers that mean a transfer is in the ledger: created now, or by an earlier attempt. */
export const RECORDED = new Set(['created', 'exists']);

/** The planned operations of one kind, over all processes. */
export function planned<Kind extends PlannedOperation['kind']>(
  run: ScaleOutRun,
  kind: Kind,
): Extract<PlannedOperation, { kind: Kind }>[] {
  return run.plans
    .flat()
    .filter(
      (operation): operation is Extract<PlannedOperation, { kind: Kind }> =>
        operation.kind === kind,
    );
}

/** The final outcome of every transfer id a child sent; each id is planned for one process only. */
export function outcomes(run: ScaleOutRun): Map<string, string> {
  const statuses = new Map<string, string>();
  for (const report of run.reports) {
    for (const outcome of report.transfers) {
      expect(statuses.has(outcome.id), `${outcome.id} reported twice`).toBe(false);
      statuses.set(outcome.id, outcome.status);
    }
  }
  return statuses;
}

/** Whether the transfer id's final answer says it is in the ledger. */
export function isRecorded(statuses: ReadonlyMap<string, string>, id: string): boolean {
  return RECORDED.has(statuses.get(id) ?? '');
}

/** Whether the dispute falls due during the run (the others only remind). */
export function isShortDeadline(dispute: PlannedDispute): boolean {
  return dispute.deadlineOffsetMs < LONG_DEADLINE_OFFSET_MIN_MS;
}
