import { hexToBytes } from '@noble/hashes/utils.js';
import type { Result } from '@strongroom/kernel';
import { DEFAULT_MERKLE_HASHER, type MerkleHasher } from '../merkle/hashing.js';
import type { MerkleProofError } from '../merkle/merkle-proof-error.js';
import { verifyInclusion } from '../merkle/verify-inclusion.js';
import type { AuditInclusionProof } from './audit-log.js';

/**
 * Checks an inclusion proof as `AuditLog.inclusionProof` returns it (leaf text, hex hashes) against
 * a root the caller trusts — normally the `rootHash` of a checkpoint opened with the log's vkey.
 * Needs nothing else: a client can run it without access to the log.
 */
export function verifyAuditInclusionProof(
  proof: AuditInclusionProof,
  rootHash: Uint8Array,
  hasher: MerkleHasher = DEFAULT_MERKLE_HASHER,
): Result<void, MerkleProofError> {
  return verifyInclusion({
    leafIndex: proof.index,
    treeSize: proof.treeSize,
    leafHash: hasher.hashLeafText(proof.leaf),
    proof: proof.proof.map((hash) => hexToBytes(hash)),
    root: rootHash,
  });
}
