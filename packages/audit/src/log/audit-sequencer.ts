import { type StorageError, startTenantLoop, type TenantId } from '@strongroom/kernel';
import type { AuditLog } from './audit-log.js';

/** How a background sequencer runs. */
export interface AuditSequencerOptions {
  /** The tenants to sequence; asked afresh every round, so new tenants are picked up. */
  readonly tenants: () => readonly TenantId[] | Promise<readonly TenantId[]>;
  /** Pause between rounds. With the default 100 ms, the maximum merge delay is ~100 ms plus one round. */
  readonly intervalMs?: number;
  /** Batches one tenant may integrate per round, so one busy tenant cannot starve the others. */
  readonly batchesPerTenantMax?: number;
  /** Told about storage faults; conflicts (another process sequencing the tenant) are expected and not reported. */
  readonly onError?: (tenantId: TenantId, error: StorageError) => void;
  /** Told when a round throws; the sequencer has then stopped, and `stop()` rethrows the error. */
  readonly onFailure?: (error: unknown) => void;
}

/** A running sequencer. */
export interface RunningAuditSequencer {
  /** Finishes the current round and stops; rejects with the error that stopped it, if any. */
  stop(): Promise<void>;
}

/**
 * Runs the audit sequencer in the background: every `intervalMs`, each tenant's committed leaves are
 * integrated batch by batch. Any number of processes may run one for the same tenants: the tree
 * head is written conditionally, so for each batch exactly one process wins and the others see a
 * conflict and move on — no leaf is integrated twice and none is skipped.
 */
export function startAuditSequencer(
  log: AuditLog,
  options: AuditSequencerOptions,
): RunningAuditSequencer {
  return startTenantLoop({
    tenants: options.tenants,
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    ...(options.batchesPerTenantMax === undefined
      ? {}
      : { unitsPerTenantMax: options.batchesPerTenantMax }),
    ...(options.onFailure === undefined ? {} : { onFailure: options.onFailure }),
    async work(tenantId) {
      const integrated = await log.integrate(tenantId);
      if (integrated.isErr()) {
        if (integrated.error.type !== 'storage.conflict')
          options.onError?.(tenantId, integrated.error);
        return 'idle';
      }
      return integrated.value.integrated === 0 ? 'idle' : 'more';
    },
  });
}
