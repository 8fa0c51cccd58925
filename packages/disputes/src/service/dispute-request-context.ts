import type { AuditActor } from '@strongroom/audit';

/** Who asks, and which request this is, for the audit leaf and the events' metadata. */
export interface DisputeRequestContext {
  /** Default: a provider for provider notices, else the dispute service itself. */
  readonly actor?: AuditActor;
  readonly requestId?: string;
  readonly correlationId?: string;
}

/** The actor of commands without one. */
export const DISPUTES_SYSTEM_ACTOR: AuditActor = Object.freeze({ type: 'system', id: 'disputes' });
