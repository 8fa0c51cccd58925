import { assert } from '@strongroom/kernel';
import { DEFAULT_MERKLE_HASHER, type MerkleHasher } from './hashing.js';
import type { NodeId } from './node-id.js';
import {
  assembleProof,
  consistencyProofPlan,
  inclusionProofPlan,
  type ProofPlan,
} from './proof-plan.js';

/**
 * The port proofs are served from: reads the hashes of complete-subtree nodes, one per id and in
 * the same order. Every id asked for is complete in the tree the proof is for, so an adapter
 * that stores each append's `newNodes` (or tiles, see `TileNodeReader`) can always answer.
 */
export interface NodeHashReader {
  /** Returns the 32-byte hash of each node, in the order of `nodes`. */
  read(nodes: readonly NodeId[]): Promise<Uint8Array[]>;
}

async function proofFromPlan(
  reader: NodeHashReader,
  plan: ProofPlan,
  hasher: MerkleHasher,
): Promise<Uint8Array[]> {
  if (plan.nodes.length === 0) return [];
  const hashes = await reader.read(plan.nodes);
  assert(hashes.length === plan.nodes.length, 'a NodeHashReader returns one hash per node');
  return assembleProof(plan, hashes, hasher);
}

/**
 * Builds the inclusion proof of leaf `leafIndex` in a tree of `treeSize` from stored nodes,
 * folding incomplete subtrees with `hasher`.
 */
export function inclusionProof(
  reader: NodeHashReader,
  leafIndex: number,
  treeSize: number,
  hasher: MerkleHasher = DEFAULT_MERKLE_HASHER,
): Promise<Uint8Array[]> {
  return proofFromPlan(reader, inclusionProofPlan(leafIndex, treeSize), hasher);
}

/**
 * Builds the consistency proof from `size1` to `size2` leaves (0 < size1 <= size2) from stored
 * nodes, folding incomplete subtrees with `hasher`.
 */
export function consistencyProof(
  reader: NodeHashReader,
  size1: number,
  size2: number,
  hasher: MerkleHasher = DEFAULT_MERKLE_HASHER,
): Promise<Uint8Array[]> {
  return proofFromPlan(reader, consistencyProofPlan(size1, size2), hasher);
}
