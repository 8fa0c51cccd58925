import { sha256 } from '@noble/hashes/sha2.js';
import { assert } from '@strongroom/kernel';

/** The length of every Merkle tree hash (SHA-256), in bytes. */
export const HASH_LENGTH_BYTES = 32;

// RFC 6962 §2.1 domain-separates leaves from interior nodes, so no leaf can pose as a subtree
// (the second-preimage attack on plain Merkle trees).
const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/**
 * The root of the empty tree, SHA-256 of the empty string (`e3b0c442…b855`). Shared, so never
 * mutate it; {@link rootOf} hands out copies.
 */
export const EMPTY_TREE_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** The hash of a leaf: SHA-256(0x00 ‖ entry), RFC 6962 §2.1. */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  return sha256.create().update(LEAF_PREFIX).update(entry).digest();
}

/** The hash of an interior node: SHA-256(0x01 ‖ left ‖ right), RFC 6962 §2.1. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  assert(
    left.length === HASH_LENGTH_BYTES && right.length === HASH_LENGTH_BYTES,
    'hashChildren takes two 32-byte hashes',
  );
  return sha256.create().update(NODE_PREFIX).update(left).update(right).digest();
}

/**
 * Whether two hashes are the same bytes. Not constant-time on purpose: tree hashes, roots and
 * proofs are public (they are published in checkpoints and served to anyone), so timing reveals
 * nothing an attacker could not read directly.
 */
export function hashesEqual(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let position = 0; position < left.length; position += 1) {
    if (left[position] !== right[position]) return false;
  }
  return true;
}

/**
 * The two RFC 6962 hashes, as one replaceable unit. The default uses @noble/hashes and runs
 * anywhere; a host with a faster SHA-256 (Node's native `crypto.hash`, see
 * `@strongroom/audit/node`) can hand its own to the hot paths — full verification, export
 * checks — without changing a single result.
 */
export interface MerkleHasher {
  /** SHA-256(0x00 ‖ entry). */
  hashLeaf(entry: Uint8Array): Uint8Array;
  /** SHA-256(0x00 ‖ UTF-8 of `text`): a leaf given as its canonical JSON, encoded as it is hashed. */
  hashLeafText(text: string): Uint8Array;
  /** SHA-256(0x01 ‖ left ‖ right). */
  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array;
}

const textEncoder = new TextEncoder();

/** The portable hasher over @noble/hashes. */
export const DEFAULT_MERKLE_HASHER: MerkleHasher = {
  hashLeaf,
  hashLeafText: (text) => hashLeaf(textEncoder.encode(text)),
  hashChildren,
};

/**
 * Builds a {@link MerkleHasher} from any one-shot SHA-256 function; `sha256OfText`, when the host
 * has one, hashes a string's UTF-8 without a separate encoding pass.
 */
export function merkleHasherFromSha256(
  sha256Of: (message: Uint8Array) => Uint8Array,
  sha256OfText?: (text: string) => Uint8Array,
): MerkleHasher {
  // One buffer per hasher for interior nodes: 65 bytes, rewritten in place for every node.
  const node = new Uint8Array(1 + 2 * HASH_LENGTH_BYTES);
  node[0] = 0x01;
  // And one for leaves, grown to the longest seen: a full verification hashes a million of them,
  // and `sha256Of` is synchronous, so no call can see another's bytes.
  let leaf = new Uint8Array(1024);
  return {
    hashLeaf(entry) {
      if (leaf.length < 1 + entry.length) leaf = new Uint8Array(2 * (1 + entry.length));
      leaf.set(entry, 1);
      return sha256Of(leaf.subarray(0, 1 + entry.length));
    },
    // U+0000 is the single byte 0x00 in UTF-8: the leaf prefix, prepended as text.
    hashLeafText: (text) =>
      sha256OfText === undefined
        ? sha256Of(textEncoder.encode(`\u0000${text}`))
        : sha256OfText(`\u0000${text}`),
    hashChildren(left, right) {
      assert(
        left.length === HASH_LENGTH_BYTES && right.length === HASH_LENGTH_BYTES,
        'hashChildren takes two 32-byte hashes',
      );
      node.set(left, 1);
      node.set(right, 1 + HASH_LENGTH_BYTES);
      return sha256Of(node);
    },
  };
}
