/**
 * A deliberately naive Merkle tree, written straight from the RFC text to check the real one
 * against: RFC 6962 §2.1 MTH and RFC 9162 §2.1.3.1 PATH / §2.1.4.1 PROOF and SUBPROOF, recursive
 * over leaf ranges, with its own hashing. It takes nothing but a type from `src/merkle`.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { NodeId } from '../../src/merkle/node-id.js';

/** Merkle tree hash of the leaves `begin` to `end − 1`, as a function (array or sparse tree). */
export type RangeHash = (begin: number, end: number) => Uint8Array;

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** SHA-256(0x00 ‖ entry). */
export function referenceLeafHash(entry: Uint8Array): Uint8Array {
  return sha256(concat(new Uint8Array([0]), entry));
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function referenceNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concat(new Uint8Array([1]), left, right));
}

/** "The largest power of two smaller than n", RFC 6962 §2.1, on bigints so it cannot overflow. */
export function referenceSplit(size: number): number {
  let power = 1n;
  while (power * 2n < BigInt(size)) power *= 2n;
  return Number(power);
}

/** MTH over an array of leaf hashes, recomputed from scratch on every call. */
export function arrayRangeHash(leafHashes: readonly Uint8Array[]): RangeHash {
  const mth: RangeHash = (begin, end) => {
    if (end === begin) return sha256(new Uint8Array(0));
    if (end - begin === 1) return leafHashes[begin] as Uint8Array;
    const split = begin + referenceSplit(end - begin);
    return referenceNodeHash(mth(begin, split), mth(split, end));
  };
  return mth;
}

/** RFC 9162 PATH(m, D[begin:end]) with `m` an absolute leaf index, bottom hash first. */
export function referencePath(m: number, begin: number, end: number, mth: RangeHash): Uint8Array[] {
  if (end - begin === 1) return [];
  const split = begin + referenceSplit(end - begin);
  return m < split
    ? [...referencePath(m, begin, split, mth), mth(split, end)]
    : [...referencePath(m, split, end, mth), mth(begin, split)];
}

function subproof(
  m: number,
  begin: number,
  end: number,
  whole: boolean,
  mth: RangeHash,
): Uint8Array[] {
  if (m === end) return whole ? [] : [mth(begin, end)];
  const split = begin + referenceSplit(end - begin);
  return m <= split
    ? [...subproof(m, begin, split, whole, mth), mth(split, end)]
    : [...subproof(m, split, end, false, mth), mth(begin, split)];
}

/** RFC 9162 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
export function referenceConsistencyProof(m: number, n: number, mth: RangeHash): Uint8Array[] {
  return subproof(m, 0, n, true, mth);
}

/** Whether each PATH hash is a left sibling (its range ends at or before leaf m). */
export function referencePathSides(m: number, begin: number, end: number): boolean[] {
  if (end - begin === 1) return [];
  const split = begin + referenceSplit(end - begin);
  return m < split
    ? [...referencePathSides(m, begin, split), false]
    : [...referencePathSides(m, split, end), true];
}

/** The height of a complete subtree of `size` leaves. */
function levelOf(size: number): number {
  let level = 0;
  for (let rest = size; rest > 1; rest /= 2) level += 1;
  return level;
}

/**
 * A huge tree that is never materialized: every leaf is the empty entry except a few
 * `distinguished` ones (entry = the index as 8 big-endian bytes). Subtrees of empty leaves have
 * one hash per height, so any MTH costs at most a few hundred hashes, even at 2^53 − 1 leaves.
 */
export class SparseTree {
  readonly #distinguished: readonly number[];
  readonly #emptySubtree: Uint8Array[] = [];
  readonly #memo = new Map<string, Uint8Array>();

  constructor(distinguished: readonly number[]) {
    this.#distinguished = [...distinguished].sort((left, right) => left - right);
    this.#emptySubtree.push(referenceLeafHash(new Uint8Array(0)));
    for (let level = 1; level <= 54; level += 1) {
      const below = this.#emptySubtree[level - 1] as Uint8Array;
      this.#emptySubtree.push(referenceNodeHash(below, below));
    }
  }

  /** The leaf hash at `index`. */
  leafHash(index: number): Uint8Array {
    if (!this.#distinguished.includes(index)) return this.#emptySubtree[0] as Uint8Array;
    const entry = new Uint8Array(8);
    new DataView(entry.buffer).setBigUint64(0, BigInt(index));
    return referenceLeafHash(entry);
  }

  /** MTH(D[begin:end]) by the RFC recursion, shortcut for aligned subtrees of empty leaves. */
  readonly rangeHash: RangeHash = (begin, end) => {
    const size = end - begin;
    if (size === 1) return this.leafHash(begin);
    const key = `${begin}:${end}`;
    const known = this.#memo.get(key);
    if (known !== undefined) return known;
    const empty = !this.#distinguished.some((index) => index >= begin && index < end);
    const split = begin + referenceSplit(size);
    const perfect = referenceSplit(size) * 2 === size && begin % size === 0;
    const hash =
      empty && perfect
        ? (this.#emptySubtree[levelOf(size)] as Uint8Array)
        : referenceNodeHash(this.rangeHash(begin, split), this.rangeHash(split, end));
    this.#memo.set(key, hash);
    return hash;
  };

  /** A node hash reader over this tree, for the code under test. */
  readonly reader = {
    read: async (nodes: readonly NodeId[]): Promise<Uint8Array[]> =>
      nodes.map((node) => {
        const width = 2 ** node.level;
        return this.rangeHash(node.index * width, (node.index + 1) * width);
      }),
  };
}
