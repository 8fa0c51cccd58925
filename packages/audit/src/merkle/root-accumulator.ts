import { assert } from '@strongroom/kernel';
import { DEFAULT_MERKLE_HASHER, EMPTY_TREE_ROOT, type MerkleHasher } from './hashing.js';
import { assertTreeCount, isPowerOfTwo } from './tree-math.js';

/**
 * The Merkle root of a stream of leaf hashes, for verifiers that only need roots: the right
 * border of the tree, extended in place, one interior hash per leaf on average and no node
 * bookkeeping (see `appendLeaves` for the sequencer's version that reports every new node).
 */
export class RootAccumulator {
  readonly #hasher: MerkleHasher;
  // Border subtree hashes, tallest first.
  readonly #border: Uint8Array[] = [];
  #size = 0;

  /** An accumulator for the empty tree. */
  constructor(hasher: MerkleHasher = DEFAULT_MERKLE_HASHER) {
    this.#hasher = hasher;
  }

  /** How many leaves were pushed. */
  get size(): number {
    return this.#size;
  }

  /** Adds the next leaf hash. */
  push(leafHash: Uint8Array): void {
    this.#merge(leafHash, 1);
  }

  /**
   * Adds the hash of a complete subtree of `leaves` leaves (a power of two) that follows the
   * leaves pushed so far, whose count must be a multiple of `leaves`: the root is then the same as
   * if its leaves had been pushed one by one (a parallel verifier joins workers' subtrees so).
   */
  pushSubtree(subtreeHash: Uint8Array, leaves: number): void {
    assert(
      isPowerOfTwo(leaves) && this.#size % leaves === 0,
      'a subtree has a power-of-two size and starts at a multiple of it',
    );
    this.#merge(subtreeHash, leaves);
  }

  /** The border subtree hashes, tallest first: the hashes of a compact range of this size. */
  get border(): readonly Uint8Array[] {
    return [...this.#border];
  }

  /** The root of the leaves pushed so far (SHA-256 of nothing for none). */
  root(): Uint8Array {
    let root = this.#border.at(-1);
    if (root === undefined) return EMPTY_TREE_ROOT.slice();
    for (let position = this.#border.length - 2; position >= 0; position -= 1) {
      root = this.#hasher.hashChildren(this.#border[position] as Uint8Array, root);
    }
    return root;
  }

  // A subtree of `leaves` leaves at `size` completes one bigger subtree per trailing one bit of
  // `size / leaves` (arithmetic, not bitwise: sizes go past 2^31).
  #merge(subtreeHash: Uint8Array, leaves: number): void {
    let hash = subtreeHash;
    let remaining = this.#size / leaves;
    while (remaining % 2 === 1) {
      hash = this.#hasher.hashChildren(this.#border.pop() as Uint8Array, hash);
      remaining = Math.floor(remaining / 2);
    }
    this.#border.push(hash);
    this.#size += leaves;
    assertTreeCount(this.#size, 'size');
  }
}
