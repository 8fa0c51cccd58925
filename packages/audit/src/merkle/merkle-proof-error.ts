import type { DomainError } from '@strongroom/kernel';

/** The size or index fields a proof verifier takes. */
export type ProofCountField = 'leafIndex' | 'treeSize' | 'size1' | 'size2';

/** The hash fields a proof verifier takes. */
export type ProofHashField = 'leafHash' | 'root' | 'root1' | 'root2' | 'proof';

/** A size or index is not a safe non-negative integer (negative, fractional, beyond 2^53 − 1). */
export interface ProofUnsafeIntegerError extends DomainError<'audit.proof.unsafe_integer'> {
  readonly field: ProofCountField;
}

/** The leaf index is not below the tree size, so the leaf cannot be in the tree. */
export interface ProofIndexOutOfRangeError extends DomainError<'audit.proof.index_out_of_range'> {
  readonly leafIndex: number;
  readonly treeSize: number;
}

/** The second tree is smaller than the first: a log never shrinks. */
export interface ProofSizesOutOfOrderError extends DomainError<'audit.proof.sizes_out_of_order'> {
  readonly size1: number;
  readonly size2: number;
}

/**
 * The first tree is empty. Every tree extends the empty one, so such a proof shows nothing; it is
 * refused like transparency-dev/merkle does, so a caller cannot mistake it for a real check.
 */
export interface ProofEmptyFirstTreeError extends DomainError<'audit.proof.empty_first_tree'> {}

/** The proof has more or fewer hashes than the sizes call for. */
export interface ProofWrongLengthError extends DomainError<'audit.proof.wrong_proof_length'> {
  readonly expected: number;
  readonly actual: number;
}

/** A hash is not 32 bytes long. */
export interface ProofBadHashLengthError extends DomainError<'audit.proof.bad_hash_length'> {
  readonly field: ProofHashField;
  /** For `proof`, the position of the offending hash in the proof. */
  readonly position?: number;
  /** The length found, in bytes. */
  readonly lengthBytes: number;
}

/** The root computed from the proof is not the root given: the proof does not hold. */
export interface ProofRootMismatchError extends DomainError<'audit.proof.root_mismatch'> {
  /** Which given root disagrees with the computed one. */
  readonly root: 'root' | 'root1' | 'root2';
}

/** Every reason a Merkle proof is refused; `switch (error.type)` covers them all. */
export type MerkleProofError =
  | ProofUnsafeIntegerError
  | ProofIndexOutOfRangeError
  | ProofSizesOutOfOrderError
  | ProofEmptyFirstTreeError
  | ProofWrongLengthError
  | ProofBadHashLengthError
  | ProofRootMismatchError;

/** Builds a {@link ProofUnsafeIntegerError}. */
export function unsafeInteger(field: ProofCountField): ProofUnsafeIntegerError {
  return { type: 'audit.proof.unsafe_integer', field };
}

/** Builds a {@link ProofIndexOutOfRangeError}. */
export function indexOutOfRange(leafIndex: number, treeSize: number): ProofIndexOutOfRangeError {
  return { type: 'audit.proof.index_out_of_range', leafIndex, treeSize };
}

/** Builds a {@link ProofSizesOutOfOrderError}. */
export function sizesOutOfOrder(size1: number, size2: number): ProofSizesOutOfOrderError {
  return { type: 'audit.proof.sizes_out_of_order', size1, size2 };
}

/** Builds a {@link ProofEmptyFirstTreeError}. */
export function emptyFirstTree(): ProofEmptyFirstTreeError {
  return { type: 'audit.proof.empty_first_tree' };
}

/** Builds a {@link ProofWrongLengthError}. */
export function wrongProofLength(expected: number, actual: number): ProofWrongLengthError {
  return { type: 'audit.proof.wrong_proof_length', expected, actual };
}

/** Builds a {@link ProofBadHashLengthError} for a single-hash field. */
export function badHashLength(
  field: Exclude<ProofHashField, 'proof'>,
  hash: Uint8Array,
): ProofBadHashLengthError {
  return { type: 'audit.proof.bad_hash_length', field, lengthBytes: hash.length };
}

/** Finds the first proof hash that is not `hashLengthBytes` long, as a typed error. */
export function badProofHash(
  proof: readonly Uint8Array[],
  hashLengthBytes: number,
): ProofBadHashLengthError | undefined {
  const position = proof.findIndex((hash) => hash.length !== hashLengthBytes);
  if (position === -1) return undefined;
  const lengthBytes = (proof[position] as Uint8Array).length;
  return { type: 'audit.proof.bad_hash_length', field: 'proof', position, lengthBytes };
}

/** Builds a {@link ProofRootMismatchError}. */
export function rootMismatch(root: ProofRootMismatchError['root']): ProofRootMismatchError {
  return { type: 'audit.proof.root_mismatch', root };
}
