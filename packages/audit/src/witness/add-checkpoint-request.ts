import { assert } from '@strongroom/kernel';
import { encodeBase64 } from '../checkpoint/base64.js';

/** The most consistency-proof hashes an add-checkpoint request may carry (C2SP tlog-witness). */
export const ADD_CHECKPOINT_PROOF_HASHES_MAX = 63;

/** The length of one consistency-proof hash (SHA-256) in bytes. */
export const PROOF_HASH_BYTES = 32;

/**
 * Formats a tlog-witness v1.0.0 add-checkpoint request body: `old <size>\n`, one base64 line per
 * proof hash, a blank line, then the signed checkpoint note. Invalid arguments are programmer errors
 * and throw; the client checks proofs before calling this.
 */
export function formatAddCheckpointRequest(request: {
  oldSize: number;
  proof: readonly Uint8Array[];
  checkpointNote: string;
}): string {
  const { oldSize, proof, checkpointNote } = request;
  assert(Number.isSafeInteger(oldSize) && oldSize >= 0, 'an old size is a non-negative integer');
  assert(proof.length <= ADD_CHECKPOINT_PROOF_HASHES_MAX, 'a proof has at most 63 hashes');
  assert(oldSize > 0 || proof.length === 0, 'the proof from size 0 is empty');
  assert(
    proof.every((hash) => hash.length === PROOF_HASH_BYTES),
    'a proof hash has 32 bytes',
  );
  const proofLines = proof.map((hash) => `${encodeBase64(hash)}\n`).join('');
  return `old ${oldSize.toString()}\n${proofLines}\n${checkpointNote}`;
}
