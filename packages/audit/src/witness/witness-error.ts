import type { DomainError } from '@strongroom/kernel';

/** The witness does not know the checkpoint's origin (HTTP 404). */
export interface UnknownLogError extends DomainError<'witness.unknown_log'> {}

/** The witness found no valid signature of a key it trusts for the origin (HTTP 403). */
export interface WitnessForbiddenError extends DomainError<'witness.forbidden'> {}

/** The witness refused the request as malformed, e.g. old size above the checkpoint size (HTTP 400). */
export interface WitnessBadRequestError extends DomainError<'witness.bad_request'> {}

/** The witness says the consistency proof does not verify (HTTP 422): evidence of a fork, or a bug. */
export interface ProofRejectedError extends DomainError<'witness.proof_rejected'> {}

/**
 * A 409 that resynchronising cannot fix: the witness has cosigned a larger tree than the one
 * submitted, the same size with another root (v1.0.0 answers that with 409 too), or it repeated the
 * size just sent. `witnessSize` is the size it reported, when it reported one.
 */
export interface WitnessConflictError extends DomainError<'witness.conflict'> {
  readonly witnessSize?: number;
}

/** The witness kept answering 409 with a new size beyond the allowed number of resyncs. */
export interface ResyncExhaustedError extends DomainError<'witness.resync_exhausted'> {
  /** How many times the client resynchronised before giving up. */
  readonly attempts: number;
  /** The size the witness reported last. */
  readonly witnessSize: number;
}

/** The client believes the witness is ahead of the checkpoint given, so it did not even ask. */
export interface StaleCheckpointError extends DomainError<'witness.stale_checkpoint'> {
  readonly witnessSize: number;
  readonly treeSize: number;
}

/** The witness answered with a status the protocol does not define for add-checkpoint. */
export interface UnexpectedStatusError extends DomainError<'witness.unexpected_status'> {
  readonly status: number;
}

/** Why a witness response body was refused. */
export type BadWitnessResponseReason =
  /** The body is longer than the client's response limit. */
  | 'too_large'
  /** The body is not valid UTF-8. */
  | 'bad_utf8'
  /** A 409 `text/x.tlog.size` body is not `<decimal size>\n`. */
  | 'malformed_size'
  /** A 200 body is not a sequence of `— <name> <base64>\n` lines. */
  | 'malformed_cosignature';

/** A witness response could not be read. */
export interface BadWitnessResponseError extends DomainError<'witness.bad_response'> {
  readonly reason: BadWitnessResponseReason;
}

/** The witness answered 200 but with no cosignature from the key it is configured with. */
export interface NoCosignatureError extends DomainError<'witness.no_cosignature'> {}

/** The witness answered 200 with a cosignature from its key that does not verify. */
export interface InvalidCosignatureError extends DomainError<'witness.invalid_cosignature'> {}

/** The consistency proof source failed; `cause` is its error. */
export interface ProofUnavailableError extends DomainError<'witness.proof_unavailable'> {
  readonly cause: DomainError;
}

/** Why a proof from the consistency proof source cannot be sent. */
export type BadProofReason =
  /** More than the 63 hashes tlog-witness allows. */
  | 'too_many_hashes'
  /** A hash is not 32 bytes. */
  | 'bad_hash_length';

/** The consistency proof source returned something that is not a sendable proof. */
export interface BadProofError extends DomainError<'witness.bad_proof'> {
  readonly reason: BadProofReason;
}

/** Every witness-protocol error the client returns; `switch (error.type)` covers them all. */
export type WitnessError =
  | UnknownLogError
  | WitnessForbiddenError
  | WitnessBadRequestError
  | ProofRejectedError
  | WitnessConflictError
  | ResyncExhaustedError
  | StaleCheckpointError
  | UnexpectedStatusError
  | BadWitnessResponseError
  | NoCosignatureError
  | InvalidCosignatureError
  | ProofUnavailableError
  | BadProofError;
