/**
 * The record collections the audit log keeps in the storage port, per tenant:
 * - `pending`: leaves written inside callers' transactions, one record each (no shared row), until
 *   the sequencer integrates them;
 * - `entries`: integrated leaves by zero-padded sequence number;
 * - `leafIndex`: leaf id → sequence number, for proofs by id;
 * - `tiles`: C2SP tlog-tiles of node hashes (height 8), what proofs are built from;
 * - `tree`: the tree head (size, root, right border, signed checkpoint), written only by the
 *   sequencer — its version is what keeps two sequencers from integrating the same batch;
 * - `checkpoints`: every signed checkpoint by tree size, for consistency proofs and truncation checks;
 * - `subjects`: one salt per data subject, erased to make personal commitments unlinkable.
 */
export const AUDIT_COLLECTIONS = {
  pending: 'audit.pending',
  entries: 'audit.entries',
  leafIndex: 'audit.leaf_index',
  tiles: 'audit.tiles',
  tree: 'audit.tree',
  checkpoints: 'audit.checkpoints',
  subjects: 'audit.subjects',
} as const;

/** Record id of a sequence number: zero-padded so that id order is numeric order. */
export function sequenceRecordId(index: number): string {
  return String(index).padStart(16, '0');
}
