import { assert } from '@strongroom/kernel';
import { DEFAULT_MERKLE_HASHER, HASH_LENGTH_BYTES, type MerkleHasher } from './hashing.js';
import type { NodeHashReader } from './node-hash-reader.js';
import { isNodeComplete, type NodeId } from './node-id.js';
import { TILE_WIDTH, type TileId, tileOf, tileWidth } from './tile-id.js';
import { assertTreeCount } from './tree-math.js';

/**
 * The port tiles are read from (a bucket, a CDN, a table): for each tile, its hashes
 * concatenated, `width × 32` bytes, in the order asked. For a partial tile that has since been
 * deleted, the full tile may be returned instead (tlog-tiles' fallback): tiles only ever grow,
 * so its first `width` hashes are the partial tile.
 */
export interface TileReader {
  /** Returns each tile's concatenated hashes, in the order of `tiles`. */
  readTiles(tiles: readonly TileId[]): Promise<Uint8Array[]>;
}

/** The Merkle tree hash of a complete run of hashes (a power of two of them), pair by pair. */
function foldCompleteRun(hashes: Uint8Array[], hasher: MerkleHasher): Uint8Array {
  let row = hashes;
  while (row.length > 1) {
    const next: Uint8Array[] = [];
    for (let position = 0; position < row.length; position += 2) {
      next.push(hasher.hashChildren(row[position] as Uint8Array, row[position + 1] as Uint8Array));
    }
    row = next;
  }
  return row[0] as Uint8Array;
}

/**
 * Serves node hashes from C2SP tlog-tiles for one tree size: each tile needed is read once per
 * call, nodes stored in a tile are copied and nodes between tile levels are recomputed by hashing
 * within the tile. The size decides which tiles are partial and so which paths exist; it must be
 * the size of the tree the proof is for (the larger one for a consistency proof).
 */
export class TileNodeReader implements NodeHashReader {
  readonly #tiles: TileReader;
  readonly #treeSize: number;
  readonly #hasher: MerkleHasher;

  /**
   * Reads tiles through `tiles` for a tree of `treeSize` leaves, recomputing nodes between tile
   * levels with `hasher`.
   */
  constructor(tiles: TileReader, treeSize: number, hasher: MerkleHasher = DEFAULT_MERKLE_HASHER) {
    assertTreeCount(treeSize, 'treeSize');
    this.#tiles = tiles;
    this.#treeSize = treeSize;
    this.#hasher = hasher;
  }

  /** Returns each node's hash, reading every tile involved once. */
  async read(nodes: readonly NodeId[]): Promise<Uint8Array[]> {
    const positions = nodes.map((node) => {
      assert(isNodeComplete(node, this.#treeSize), 'only complete nodes are read from tiles');
      return tileOf(node.level, node.index);
    });
    const tiles = new Map<string, TileId>();
    for (const { tileLevel, tileIndex } of positions) {
      const key = `${tileLevel}/${tileIndex}`;
      if (!tiles.has(key)) {
        tiles.set(key, {
          tileLevel,
          tileIndex,
          width: tileWidth(this.#treeSize, tileLevel, tileIndex),
        });
      }
    }
    const wanted = [...tiles.values()];
    const contents = await this.#tiles.readTiles(wanted);
    assert(contents.length === wanted.length, 'a TileReader returns one tile per id');
    const contentByKey = new Map<string, Uint8Array>();
    wanted.forEach((tile, position) => {
      const content = contents[position] as Uint8Array;
      assert(
        content.length === tile.width * HASH_LENGTH_BYTES ||
          content.length === TILE_WIDTH * HASH_LENGTH_BYTES,
        'a tile holds exactly its width in hashes (or is the full tile)',
      );
      contentByKey.set(`${tile.tileLevel}/${tile.tileIndex}`, content);
    });
    return positions.map(({ tileLevel, tileIndex, offset, hashCount }) => {
      const content = contentByKey.get(`${tileLevel}/${tileIndex}`) as Uint8Array;
      const run: Uint8Array[] = [];
      for (let position = offset; position < offset + hashCount; position += 1) {
        run.push(content.slice(position * HASH_LENGTH_BYTES, (position + 1) * HASH_LENGTH_BYTES));
      }
      return foldCompleteRun(run, this.#hasher);
    });
  }
}
