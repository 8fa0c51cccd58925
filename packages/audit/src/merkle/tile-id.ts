import { assert } from '@strongroom/kernel';
import { assertTreeCount, powerOfTwo } from './tree-math.js';

/** How many tree levels one tile spans (C2SP tlog-tiles): level-T tiles hold level-8T hashes. */
export const TILE_HEIGHT = 8;

/** How many hashes a full tile holds: 2^{@link TILE_HEIGHT}, so 8,192 bytes. */
export const TILE_WIDTH = 256;

/** A tile of a tiled log (C2SP tlog-tiles), full or partial. */
export interface TileId {
  /** The tile's level: its hashes are those of tree nodes at level `8 · tileLevel`. */
  readonly tileLevel: number;
  /** The tile's position within its level, from 0. */
  readonly tileIndex: number;
  /** How many hashes it holds: {@link TILE_WIDTH} for a full tile, 1 to 255 for a partial one. */
  readonly width: number;
}

/** Where a node's hash is found in a tile: stored there, or recomputable from a run of it. */
export interface TileNodePosition {
  /** The level of the tile holding the node's subtree. */
  readonly tileLevel: number;
  /** The index of that tile within its level. */
  readonly tileIndex: number;
  /** The position in the tile of the first hash of the node's subtree. */
  readonly offset: number;
  /** How many tile hashes the node covers (a power of two, 1 when the tile stores the node). */
  readonly hashCount: number;
}

/**
 * Which tile stores the node at `level`/`index`, or the run of tile hashes (its descendants at
 * the tile's level) whose Merkle tree hash it is. Nodes at multiples of {@link TILE_HEIGHT} are
 * stored in the tile above rather than recomputed from a whole tile below.
 */
export function tileOf(level: number, index: number): TileNodePosition {
  assertTreeCount(level, 'level');
  assertTreeCount(index, 'index');
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const hashCount = powerOfTwo(level - tileLevel * TILE_HEIGHT);
  const firstHash = index * hashCount;
  return {
    tileLevel,
    tileIndex: Math.floor(firstHash / TILE_WIDTH),
    offset: firstHash % TILE_WIDTH,
    hashCount,
  };
}

/** The number of hashes a tree of `treeSize` leaves has at tile level `tileLevel`. */
function hashesAtTileLevel(treeSize: number, tileLevel: number): number {
  // Any power of two is an exact double, so this stays exact above level 6 (2^48) too.
  return Math.floor(treeSize / 2 ** (tileLevel * TILE_HEIGHT));
}

/**
 * The width of tile `tileIndex` at `tileLevel` in a tree of `treeSize` leaves: {@link TILE_WIDTH}
 * when full, less for the rightmost tile of a level; the tile must exist (width at least 1).
 */
export function tileWidth(treeSize: number, tileLevel: number, tileIndex: number): number {
  assertTreeCount(treeSize, 'treeSize');
  assertTreeCount(tileIndex, 'tileIndex');
  const width = Math.min(
    TILE_WIDTH,
    hashesAtTileLevel(treeSize, tileLevel) - tileIndex * TILE_WIDTH,
  );
  assert(width >= 1, 'the tile exists in a tree of this size');
  return width;
}

/**
 * The partial tiles of a tree of `treeSize` leaves, lowest level first: at most one per level,
 * `floor(treeSize / 256^level) mod 256` hashes wide. An appender reads these before extending
 * the tree, since the new hashes are added to them.
 */
export function partialTiles(treeSize: number): TileId[] {
  assertTreeCount(treeSize, 'treeSize');
  const tiles: TileId[] = [];
  for (let tileLevel = 0; hashesAtTileLevel(treeSize, tileLevel) > 0; tileLevel += 1) {
    const hashCount = hashesAtTileLevel(treeSize, tileLevel);
    const width = hashCount % TILE_WIDTH;
    if (width > 0) {
      tiles.push({ tileLevel, tileIndex: Math.floor(hashCount / TILE_WIDTH), width });
    }
  }
  return tiles;
}
