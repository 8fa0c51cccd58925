import {
  type AuditEntryInput,
  type AuditLog,
  type AuditOutcome,
  containsCardNumber,
} from '@strongroom/audit';
import {
  AssertionFailure,
  type Clock,
  type Id,
  type IdGenerator,
  type JsonObject,
  type RecordReadCoalescer,
  type Storage,
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
  readonly ids: IdGenerator;
  readonly stamps: CommitStamps;
  /** Reads of current account records that concurrent balance queries of a tenant share. */
  readonly accountReads: RecordReadCoalescer;
}

const COMMAND_ID_ATTEMPTS = 16;

/**
 * A new command id. The audit log refuses identifiers with a Luhn-valid 12-19 digit run (it could
 * be a card number), which a random TypeID has now and then: such an id is drawn again rather
 * than have a valid command refused for its own id.
 */
export function mintCommandId(ids: IdGenerator): Id<'bat'> {
  for (let attempt = 0; attempt < COMMAND_ID_ATTEMPTS; attempt += 1) {
    const id = ids.next('bat');
    if (!containsCardNumber(id)) return id;
  }
  throw new AssertionFailure('the id generator keeps producing ids that look like card numbers');
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
