import type { DomainError } from '@strongroom/kernel';

/**
 * What a consistency proof source returns: any neverthrow `Result` of proof hashes fits, whatever
 * its error type (`Result` itself is invariant, so this names only the two fields read).
 */
export type ConsistencyProofOutcome =
  | { readonly value: readonly Uint8Array[] }
  | { readonly error: DomainError };

/**
 * A pending {@link ConsistencyProofOutcome}, spelled like `ResultAsync.then` so that a
 * `ResultAsync` fits as well as a `Promise` (`PromiseLike` alone rejects `ResultAsync`'s signature).
 */
export interface PendingConsistencyProof {
  /** Resolves to the outcome, as every thenable does. */
  then<A, B>(
    onFulfilled?: (outcome: ConsistencyProofOutcome) => A | PromiseLike<A>,
    onRejected?: (reason: unknown) => B | PromiseLike<B>,
  ): PromiseLike<A | B>;
}

/**
 * Supplies the RFC 6962 consistency proof from `oldSize` to `newSize` (both > 0, old < new) of the
 * log's own tree, e.g. from the Merkle module or from tiles: a `Result`, a `ResultAsync` or a
 * `Promise` of a `Result`.
 */
export type ConsistencyProofSource = (
  oldSize: number,
  newSize: number,
) => PendingConsistencyProof | ConsistencyProofOutcome;
