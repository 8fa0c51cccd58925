import type { AuditActor } from '@strongroom/audit';

/**
 * Who asked and which request a ledger command belongs to. `actor` goes into the command's audit
 * leaf (default: the system itself); `correlationId` into every outbox event it causes and the
 * leaf; `requestId` into the leaf. Identifiers are checked by the audit log: a malformed one
 * refuses the whole command (`audit.invalid_entry`) and nothing is written.
 */
export interface LedgerRequestContext {
  readonly actor?: AuditActor;
  readonly requestId?: string;
  readonly correlationId?: string;
}

/** The actor of commands sent without one: the ledger acting for the host application. */
export const LEDGER_SYSTEM_ACTOR: AuditActor = Object.freeze({ type: 'system', id: 'ledger' });
