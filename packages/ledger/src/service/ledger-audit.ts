import type { AuditEntryInput, AuditLog, AuditOutcome } from '@strongroom/audit';
import type {
  Clock,
  IdGenerator,
  JsonObject,
  RecordReadCoalescer,
  Storage,
} from '@strongroom/kernel';
import type { CommitStamps } from './commit-stamps.js';
import { LEDGER_SYSTEM_ACTOR, type LedgerRequestContext } from './ledger-context.js';

/** The audit actions of the ledger: one leaf per command and transaction, never one per event. */
export const LEDGER_AUDIT_ACTIONS = {
  accountsCreated: 'ledger.accounts.created',
  transfersCreated: 'ledger.transfers.created',
  transfersExpired: 'ledger.transfers.expired',
} as const;

/** The audit resource of a ledger leaf: the command, whose id the outbox events carry too. */
export const LEDGER_AUDIT_RESOURCE = 'ledger.command';

/** What the commands of one ledger share. */
export interface LedgerDependencies {
  readonly storage: Storage;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Card-safe ids (`createLedger` resolves them), so a command id never fails its audit leaf. */
  readonly ids: IdGenerator;
  readonly stamps: CommitStamps;
  /** Reads of current account records that concurrent balance queries of a tenant share. */
  readonly accountReads: RecordReadCoalescer;
}

/** Counts statuses, for a leaf's details: `{ created: 3, exceeds_credits: 1 }`. */
export function statusCounts(statuses: Iterable<string>): JsonObject {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/**
 * The leaf of one command's part in one transaction. Details carry counts only: no amounts, ids
 * or metadata (the log is immutable and kept for years; the records hold the rest, found through
 * the command id every outbox event carries as its causation id).
 */
export function commandLeaf(
  context: LedgerRequestContext,
  action: string,
  commandId: string,
  outcome: AuditOutcome,
  details: JsonObject,
): AuditEntryInput {
  return {
    actor: context.actor ?? LEDGER_SYSTEM_ACTOR,
    action,
    resource: { type: LEDGER_AUDIT_RESOURCE, id: commandId },
    outcome,
    requestId: context.requestId ?? null,
    correlationId: context.correlationId ?? null,
    details,
  };
}
