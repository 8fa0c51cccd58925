import { DEFAULT_MERKLE_HASHER, EMPTY_TREE_ROOT, type MerkleHasher } from './hashing.js';
import { assertTreeCount } from './tree-math.js';

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
    let hash = leafHash;
    // Leaf number `size` completes one subtree per trailing one bit of `size` (arithmetic, not
    // bitwise: sizes go past 2^31).
    let remaining = this.#size;
    while (remaining % 2 === 1) {
      hash = this.#hasher.hashChildren(this.#border.pop() as Uint8Array, hash);
      remaining = Math.floor(remaining / 2);
    }
    this.#border.push(hash);
    this.#size += 1;
    assertTreeCount(this.#size, 'size');
  }

  /** The border subtree hashes, tallest first: the hashes of a compact range of this size. */
  get border(): readonly Uint8Array[] {
    return [...this.#border];
  }

  /** The root of the leaves pushed so far (SHA-256 of nothing for none). */
  root(): Uint8Array {
    return rootOfBorder(this.#border, this.#hasher);
  }
}

/**
 * The root of a tree given its border: the hashes of its complete subtrees, tallest first (the
 * right-to-left fold RFC 6962's MTH makes of them). SHA-256 of nothing for an empty border.
 */
export function rootOfBorder(
  border: readonly Uint8Array[],
  hasher: MerkleHasher = DEFAULT_MERKLE_HASHER,
): Uint8Array {
  let root = border.at(-1);
  if (root === undefined) return EMPTY_TREE_ROOT.slice();
  for (let position = border.length - 2; position >= 0; position -= 1) {
    root = hasher.hashChildren(border[position] as Uint8Array, root);
  }
  return root;
}
