import type { DomainError } from '@strongroom/kernel';

/** `waitForSequencing` ran out of time before the leaf was integrated. */
export interface SequencingTimeoutError extends DomainError<'audit.sequencing_timeout'> {
  readonly leafId: string;
  readonly waitedMs: number;
}

/** No leaf with this id exists: never appended, or its transaction rolled back. */
export interface UnknownLeafError extends DomainError<'audit.unknown_leaf'> {
  readonly leafId: string;
}

/** A proof was asked for a tree size the log has not reached or a range that makes no sense. */
export interface InvalidProofRequestError extends DomainError<'audit.invalid_proof_request'> {
  readonly reason: 'size_beyond_tree' | 'sizes_out_of_order' | 'empty_tree';
}
