/**
 * A deliberately naive RFC 6962 Merkle tree for the witness tests, independent of the package's
 * Merkle module: recursive tree hashes, RFC 6962 §2.1.2 SUBPROOF for consistency proofs, and the
 * RFC 9162 §2.1.4.2 verifier (as written out in the project's reference notes).
 */
import { sha256 } from '@noble/hashes/sha2.js';

const EMPTY = new Uint8Array(0);

/** SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Uint8Array {
  return sha256(new Uint8Array([0, ...entry]));
}

function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(new Uint8Array([1, ...left, ...right]));
}

function largestPowerOfTwoBelow(size: number): number {
  let power = 1;
  while (power * 2 < size) power *= 2;
  return power;
}

/** MTH over leaf hashes. */
export function treeHash(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(EMPTY);
  if (leaves.length === 1) return leaves[0] ?? EMPTY;
  const split = largestPowerOfTwoBelow(leaves.length);
  return nodeHash(treeHash(leaves.slice(0, split)), treeHash(leaves.slice(split)));
}

function subproof(oldSize: number, leaves: readonly Uint8Array[], complete: boolean): Uint8Array[] {
  if (oldSize === leaves.length) return complete ? [] : [treeHash(leaves)];
  const split = largestPowerOfTwoBelow(leaves.length);
  if (oldSize <= split) {
    return [...subproof(oldSize, leaves.slice(0, split), complete), treeHash(leaves.slice(split))];
  }
  return [
    ...subproof(oldSize - split, leaves.slice(split), false),
    treeHash(leaves.slice(0, split)),
  ];
}

/** PROOF(m, D[n]) for 0 < m <= n. */
export function consistencyProof(
  leaves: readonly Uint8Array[],
  oldSize: number,
  newSize: number,
): Uint8Array[] {
  if (oldSize === 0 || oldSize === newSize) return [];
  return subproof(oldSize, leaves.slice(0, newSize), true);
}

function equal(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && left.every((byte, index) => byte === right[index]);
}

/** RFC 9162 §2.1.4.2, with the same-size rule (empty proof, equal roots). */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (oldSize === newSize) return proof.length === 0 && equal(oldRoot, newRoot);
  if (oldSize === 0 || oldSize > newSize || proof.length === 0) return false;
  const path = (oldSize & (oldSize - 1)) === 0 ? [oldRoot, ...proof] : [...proof];
  let first = oldSize - 1;
  let second = newSize - 1;
  while (first & 1) {
    first >>= 1;
    second >>= 1;
  }
  let firstRoot = path[0] ?? EMPTY;
  let secondRoot = firstRoot;
  for (const hash of path.slice(1)) {
    if (second === 0) return false;
    if (first & 1 || first === second) {
      firstRoot = nodeHash(hash, firstRoot);
      secondRoot = nodeHash(hash, secondRoot);
      if (!(first & 1)) {
        while (!(first & 1) && first !== 0) {
          first >>= 1;
          second >>= 1;
        }
      }
    } else {
      secondRoot = nodeHash(secondRoot, hash);
    }
    first >>= 1;
    second >>= 1;
  }
  return equal(firstRoot, oldRoot) && equal(secondRoot, newRoot) && second === 0;
}
