import type { MerkleHasher } from './hashing.js';
import { RootAccumulator } from './root-accumulator.js';

/**
 * Where a verifier puts the leaves it reads, in order, to learn their Merkle root at the end.
 * The default hashes them in the calling thread; `parallelLeafTree` from `@strongroom/audit/node`
 * spreads them over worker threads. Either gives the same root for the same leaves.
 */
export interface LeafTree {
  /** How many leaves were added. */
  readonly size: number;
  /** Adds the next leaf, given as its bytes; the bytes are only read during the call. */
  addLeaf(entry: Uint8Array): void;
  /** Adds the next leaf, given as text (its UTF-8 is the leaf). */
  addLeafText(text: string): void;
  /**
   * Undefined while the tree can take more leaves now; otherwise a promise that settles once it
   * can. Readers wait on it so that a fast source cannot queue unbounded work.
   */
  backlog(): Promise<void> | undefined;
  /** The root of every leaf added (after the work in flight is done). */
  root(): Promise<Uint8Array>;
  /** Frees what the tree holds (threads, buffers); called once, whether or not `root` was. */
  close(): Promise<void>;
}

/** Makes the {@link LeafTree} for a log that will hold at most `treeSize` leaves. */
export type LeafTreeFactory = (treeSize: number) => LeafTree;

/** The {@link LeafTreeFactory} that hashes every leaf in the calling thread with `hasher`. */
export function inThreadLeafTree(hasher: MerkleHasher): LeafTreeFactory {
  return () => {
    const accumulator = new RootAccumulator(hasher);
    return {
      get size() {
        return accumulator.size;
      },
      addLeaf: (entry) => accumulator.push(hasher.hashLeaf(entry)),
      addLeafText: (text) => accumulator.push(hasher.hashLeafText(text)),
      backlog: () => undefined,
      root: async () => accumulator.root(),
      close: async () => undefined,
    };
  };
}
