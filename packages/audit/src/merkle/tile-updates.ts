import { assert } from '@strongroom/kernel';
import { HASH_LENGTH_BYTES } from './hashing.js';
import type { TreeNode } from './node-id.js';
import { partialTiles, TILE_HEIGHT, TILE_WIDTH, type TileId } from './tile-id.js';
import { assertTreeCount } from './tree-math.js';

/** A tile to write after an append: its id and its full new content. */
export interface TileWrite {
  /** The tile, with its new width (a partial tile's path changes with its width). */
  readonly tile: TileId;
  /** The tile's hashes concatenated, `width × 32` bytes. */
  readonly hashes: Uint8Array;
}

/** What {@link tilesTouchedByAppend} needs to know about one append. */
export interface AppendTilesInput {
  /** The tree size before the append. */
  readonly oldSize: number;
  /** The `newNodes` that `appendLeaves` returned for the append. */
  readonly newNodes: readonly TreeNode[];
  /**
   * The content of `partialTiles(oldSize)`, in that order: their hashes start the tiles the
   * append extends.
   */
  readonly oldPartialTiles: readonly Uint8Array[];
}

/**
 * Works out which tiles an append changes and their new content, so a sequencer writes only
 * those: every tile that gained hashes, full ones (now immutable) and the new partial ones (at a
 * new path, since a partial tile's path names its width). Old partial tiles are left in place:
 * tlog-tiles lets a log keep them for checkpoints already published.
 */
export function tilesTouchedByAppend(input: AppendTilesInput): TileWrite[] {
  const { oldSize, newNodes, oldPartialTiles } = input;
  assertTreeCount(oldSize, 'oldSize');
  const previous = partialTiles(oldSize);
  assert(previous.length === oldPartialTiles.length, 'one content per old partial tile');
  const previousByLevel = new Map<number, { tile: TileId; content: Uint8Array }>();
  previous.forEach((tile, position) => {
    const content = oldPartialTiles[position] as Uint8Array;
    assert(content.length === tile.width * HASH_LENGTH_BYTES, 'a tile holds its width in hashes');
    previousByLevel.set(tile.tileLevel, { tile, content });
  });

  // Only nodes on tile levels (multiples of 8) are stored in tiles; the rest are recomputed.
  const nodesByTileLevel = new Map<number, TreeNode[]>();
  for (const node of newNodes) {
    if (node.level % TILE_HEIGHT !== 0) continue;
    const tileLevel = node.level / TILE_HEIGHT;
    const list = nodesByTileLevel.get(tileLevel) ?? [];
    list.push(node);
    nodesByTileLevel.set(tileLevel, list);
  }

  const writes: TileWrite[] = [];
  for (const tileLevel of [...nodesByTileLevel.keys()].sort((left, right) => left - right)) {
    const nodes = (nodesByTileLevel.get(tileLevel) as TreeNode[]).sort(
      (left, right) => left.index - right.index,
    );
    const oldCount = Math.floor(oldSize / 2 ** (tileLevel * TILE_HEIGHT));
    nodes.forEach((node, position) => {
      assert(node.index === oldCount + position, 'newNodes continue the tree from oldSize');
    });
    const newCount = oldCount + nodes.length;
    const firstTile = Math.floor(oldCount / TILE_WIDTH);
    const lastTile = Math.floor((newCount - 1) / TILE_WIDTH);
    for (let tileIndex = firstTile; tileIndex <= lastTile; tileIndex += 1) {
      const start = tileIndex * TILE_WIDTH;
      const end = Math.min(newCount, start + TILE_WIDTH);
      const hashes = new Uint8Array((end - start) * HASH_LENGTH_BYTES);
      let filled = 0;
      if (start < oldCount) {
        const old = previousByLevel.get(tileLevel);
        assert(old?.tile.tileIndex === tileIndex, 'the old partial tile starts this tile');
        hashes.set(old.content, 0);
        filled = old.tile.width;
      }
      for (const node of nodes.slice(Math.max(start, oldCount) - oldCount, end - oldCount)) {
        hashes.set(node.hash, filled * HASH_LENGTH_BYTES);
        filled += 1;
      }
      writes.push({ tile: { tileLevel, tileIndex, width: end - start }, hashes });
    }
  }
  return writes;
}
