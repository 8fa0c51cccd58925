import type { Id, JsonObject } from '@strongroom/kernel';

/** Who acted: a signed-in user, a service (API client, job) or the system itself. */
export interface AuditActor {
  readonly type: 'user' | 'service' | 'system';
  readonly id: string;
}

/** What was acted on. */
export interface AuditResource {
  readonly type: string;
  readonly id: string;
}

/** How the action ended; `denied` is an authorization refusal, kept apart from failures. */
export type AuditOutcome = 'succeeded' | 'failed' | 'denied';

/**
 * Personal data about one data subject, kept out of the log itself: the entry stores only salted
 * commitments, and erasing the subject's salt makes them unlinkable (see personal-commitment.ts).
 */
export interface AuditPersonalData {
  readonly subjectId: string;
  readonly fields: { readonly [field: string]: string };
}

/** What a caller records; {@link appendAuditEntry} stamps id and time and validates the rest. */
export interface AuditEntryInput {
  readonly actor: AuditActor;
  /** Namespaced, lowercase, e.g. `ledger.transfer.created`. */
  readonly action: string;
  readonly resource: AuditResource;
  readonly outcome: AuditOutcome;
  readonly requestId?: string | null;
  readonly correlationId?: string | null;
  /** Bounded free-form context; refused if it looks like it carries a secret or a card number. */
  readonly details?: JsonObject;
  readonly personal?: AuditPersonalData;
}

/** An entry as stored in the log: the exact object whose canonical JSON is the Merkle leaf. */
export interface AuditEntry {
  readonly formatVersion: 1;
  readonly id: Id<'aud'>;
  /** ISO 8601 UTC with milliseconds, from the `Clock` port. */
  readonly timestamp: string;
  readonly actor: AuditActor;
  readonly action: string;
  readonly resource: AuditResource;
  readonly outcome: AuditOutcome;
  readonly requestId: string | null;
  readonly correlationId: string | null;
  readonly details: JsonObject;
  /** Salted commitments to personal fields, by field name; never the values themselves. */
  readonly personal: {
    readonly subjectId: string;
    readonly commitments: { readonly [field: string]: string };
  } | null;
}
