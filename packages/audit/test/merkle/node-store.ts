/** An in-memory store of complete-subtree nodes, as a sequencer would keep them. */
import type { NodeHashReader } from '../../src/merkle/node-hash-reader.js';
import type { NodeId, TreeNode } from '../../src/merkle/node-id.js';

/** Holds nodes by id; reading a node that was never stored fails the test. */
export class MemoryNodeStore implements NodeHashReader {
  readonly #hashes = new Map<string, Uint8Array>();
  /** Every batch of ids read, for tests that count reads. */
  readonly reads: (readonly NodeId[])[] = [];

  /** Stores nodes, refusing to overwrite a node with a different hash (nodes never change). */
  write(nodes: readonly TreeNode[]): void {
    for (const node of nodes) {
      const key = `${node.level}/${node.index}`;
      const existing = this.#hashes.get(key);
      if (existing !== undefined && Buffer.compare(existing, node.hash) !== 0) {
        throw new Error(`node ${key} changed`);
      }
      this.#hashes.set(key, node.hash);
    }
  }

  /** How many nodes are stored. */
  get size(): number {
    return this.#hashes.size;
  }

  async read(nodes: readonly NodeId[]): Promise<Uint8Array[]> {
    this.reads.push(nodes);
    return nodes.map((node) => {
      const hash = this.#hashes.get(`${node.level}/${node.index}`);
      if (hash === undefined) throw new Error(`node ${node.level}/${node.index} is not stored`);
      return hash;
    });
  }
}

/** Deterministic distinct leaf entries: leaf i is the 4 big-endian bytes of i plus a salt. */
export function leafEntries(count: number, salt = 0): Uint8Array[] {
  return Array.from({ length: count }, (_, index) => {
    const entry = new Uint8Array(5);
    new DataView(entry.buffer).setUint32(0, index);
    entry[4] = salt;
    return entry;
  });
}
