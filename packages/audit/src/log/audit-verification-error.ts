import type { DomainError } from '@strongroom/kernel';

/** Why a log failed verification. */
export type AuditVerificationReason =
  /** The head's checkpoint is not signed by a trusted key, or does not parse. */
  | 'checkpoint_signature'
  /** The head disagrees with its own signed checkpoint or with the entries, or is not a head at all. */
  | 'head_mismatch'
  /** A sequence number is missing: an entry was deleted. */
  | 'missing_entry'
  /** There are more entries than the signed tree size: an entry was inserted. */
  | 'unexpected_entry'
  /** An entry's bytes or position changed (edited, reordered, or shifted by an insertion). */
  | 'entry_mismatch'
  /** A stored checkpoint of an earlier size does not match the entries before it. */
  | 'checkpoint_mismatch'
  /** The log is shorter than a checkpoint the verifier already trusted: its tail was cut. */
  | 'truncated'
  /** The recomputed root differs from the signed root. */
  | 'root_mismatch'
  /** An export file is not JSON Lines of the expected shape. */
  | 'malformed_export';

/**
 * A tenant's log does not verify. `firstBadIndex` is the first sequence number known to be wrong,
 * or `null` when the fault is not in an entry (a bad signature, a truncated tail before any entry).
 */
export interface AuditVerificationError extends DomainError<'audit.verification_failed'> {
  readonly reason: AuditVerificationReason;
  readonly firstBadIndex: number | null;
}

/** Builds an {@link AuditVerificationError}. */
export function verificationFailed(
  reason: AuditVerificationReason,
  firstBadIndex: number | null,
): AuditVerificationError {
  return { type: 'audit.verification_failed', reason, firstBadIndex };
}
