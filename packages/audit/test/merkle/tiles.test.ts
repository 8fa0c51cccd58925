import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendLeaves,
  type CompactRange,
  EMPTY_COMPACT_RANGE,
} from '../../src/merkle/compact-range.js';
import { hashLeaf } from '../../src/merkle/hashing.js';
import { consistencyProof, inclusionProof } from '../../src/merkle/node-hash-reader.js';
import {
  partialTiles,
  TILE_WIDTH,
  type TileId,
  tileOf,
  tileWidth,
} from '../../src/merkle/tile-id.js';
import { TileNodeReader, type TileReader } from '../../src/merkle/tile-node-reader.js';
import { tilePath } from '../../src/merkle/tile-path.js';
import { tilesTouchedByAppend } from '../../src/merkle/tile-updates.js';
import { leafEntries, MemoryNodeStore } from './node-store.js';

function hex(hashes: readonly Uint8Array[]): string[] {
  return hashes.map((hash) => Buffer.from(hash).toString('hex'));
}

/**
 * A static tile server in memory: path → bytes, as a bucket or CDN would hold them. Like a
 * tlog-tiles client, it falls back to the full tile when a partial one is gone.
 */
class MemoryTiles implements TileReader {
  readonly files = new Map<string, Uint8Array>();
  readonly fetched: string[] = [];

  async readTiles(tiles: readonly TileId[]): Promise<Uint8Array[]> {
    return tiles.map((tile) => {
      const path = tilePath(tile.tileLevel, tile.tileIndex, tile.width);
      this.fetched.push(path);
      const content =
        this.files.get(path) ?? this.files.get(tilePath(tile.tileLevel, tile.tileIndex));
      if (content === undefined) throw new Error(`no tile at ${path}`);
      return content;
    });
  }
}

/** Grows a log in the given batches, keeping both node storage and tiles up to date. */
function growLog(batchSizes: readonly number[], salt = 0) {
  const store = new MemoryNodeStore();
  const tiles = new MemoryTiles();
  let state: CompactRange = EMPTY_COMPACT_RANGE;
  const leaves = leafEntries(
    batchSizes.reduce((total, size) => total + size, 0),
    salt,
  ).map(hashLeaf);
  const written: string[][] = [];
  const checkpointSizes: number[] = [];
  let position = 0;
  for (const batchSize of batchSizes) {
    const oldSize = state.size;
    const oldPartialTiles = partialTiles(oldSize).map((tile) => {
      const content = tiles.files.get(tilePath(tile.tileLevel, tile.tileIndex, tile.width));
      if (content === undefined) throw new Error('the partial tile of the last size was written');
      return content;
    });
    const appended = appendLeaves(state, leaves.slice(position, position + batchSize));
    position += batchSize;
    state = appended.state;
    store.write(appended.newNodes);
    const writes = tilesTouchedByAppend({ oldSize, newNodes: appended.newNodes, oldPartialTiles });
    written.push(
      writes.map((write) => tilePath(write.tile.tileLevel, write.tile.tileIndex, write.tile.width)),
    );
    for (const write of writes) {
      const path = tilePath(write.tile.tileLevel, write.tile.tileIndex, write.tile.width);
      expect(write.hashes.length).toBe(write.tile.width * 32);
      const existing = tiles.files.get(path);
      // Tiles are immutable: a path, once written, never gets other bytes.
      if (existing !== undefined) expect(Buffer.compare(existing, write.hashes)).toBe(0);
      tiles.files.set(path, write.hashes);
    }
    checkpointSizes.push(state.size);
  }
  return { store, tiles, size: state.size, written, checkpointSizes };
}

describe('tile paths (C2SP tlog-tiles)', () => {
  it.each([
    [0, 0, undefined, 'tile/0/000'],
    [0, 5, undefined, 'tile/0/005'],
    [0, 999, undefined, 'tile/0/999'],
    [0, 1000, undefined, 'tile/0/x001/000'],
    [0, 1234067, undefined, 'tile/0/x001/x234/067'],
    [2, 1234067, 256, 'tile/2/x001/x234/067'],
    [0, 273, 112, 'tile/0/273.p/112'],
    [1, 1, 17, 'tile/1/001.p/17'],
    [63, 2 ** 45, 1, 'tile/63/x035/x184/x372/x088/832.p/1'],
  ])('level %i, index %i, width %s is %s', (tileLevel, tileIndex, width, path) => {
    expect(tilePath(tileLevel, tileIndex, width)).toBe(path);
  });

  it('refuses levels and widths the spec does not allow', () => {
    expect(() => tilePath(64, 0)).toThrow(/0 to 63/);
    expect(() => tilePath(0, 0, 0)).toThrow(/1 to 256/);
    expect(() => tilePath(0, 0, 257)).toThrow(/1 to 256/);
    expect(() => tilePath(0, -1)).toThrow(/safe non-negative integer/);
  });
});

describe('tile arithmetic', () => {
  it('places nodes in the tile that stores them or can recompute them', () => {
    expect(tileOf(0, 0)).toEqual({ tileLevel: 0, tileIndex: 0, offset: 0, hashCount: 1 });
    expect(tileOf(0, 300)).toEqual({ tileLevel: 0, tileIndex: 1, offset: 44, hashCount: 1 });
    expect(tileOf(3, 5)).toEqual({ tileLevel: 0, tileIndex: 0, offset: 40, hashCount: 8 });
    expect(tileOf(7, 1)).toEqual({ tileLevel: 0, tileIndex: 0, offset: 128, hashCount: 128 });
    expect(tileOf(8, 1)).toEqual({ tileLevel: 1, tileIndex: 0, offset: 1, hashCount: 1 });
    expect(tileOf(17, 3)).toEqual({ tileLevel: 2, tileIndex: 0, offset: 6, hashCount: 2 });
    expect(tileOf(40, 2 ** 13 + 1)).toEqual({
      tileLevel: 5,
      tileIndex: 32,
      offset: 1,
      hashCount: 1,
    });
  });

  it('lists the partial tiles of the spec examples', () => {
    // "A tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0
    // tile of width 112, one full level 1 tile, one partial level 1 tile of width 17, and one
    // partial level 2 tile of width 1."
    expect(partialTiles(70_000)).toEqual([
      { tileLevel: 0, tileIndex: 273, width: 112 },
      { tileLevel: 1, tileIndex: 1, width: 17 },
      { tileLevel: 2, tileIndex: 0, width: 1 },
    ]);
    expect(tileWidth(70_000, 0, 272)).toBe(TILE_WIDTH);
    expect(tileWidth(70_000, 1, 0)).toBe(TILE_WIDTH);
    // "A tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile
    // of width 1."
    expect(partialTiles(256)).toEqual([{ tileLevel: 1, tileIndex: 0, width: 1 }]);
    expect(tileWidth(256, 0, 0)).toBe(TILE_WIDTH);
    expect(partialTiles(0)).toEqual([]);
    expect(partialTiles(Number.MAX_SAFE_INTEGER).map((tile) => tile.tileLevel)).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);
    expect(() => tileWidth(256, 0, 1)).toThrow(/exists/);
  });
});

describe('tiles written by the appender', () => {
  it('write exactly the tiles an append touches', () => {
    const { written } = growLog([255, 1, 1, 300]);
    expect(written).toEqual([
      ['tile/0/000.p/255'],
      ['tile/0/000', 'tile/1/000.p/1'],
      ['tile/0/001.p/1'],
      ['tile/0/001', 'tile/0/002.p/45', 'tile/1/000.p/2'],
    ]);
  });

  it('serve the same proofs as node storage, for random growth', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }),
        async (batchSizes, picks) => {
          // Partial tiles exist for checkpointed sizes only, so proofs are asked for those.
          const { store, tiles, checkpointSizes } = growLog(batchSizes, 1);
          for (const [first, second] of picks) {
            const treeSize = checkpointSizes[first % checkpointSizes.length] as number;
            const reader = new TileNodeReader(tiles, treeSize);
            const index = second % treeSize;
            expect(hex(await inclusionProof(reader, index, treeSize))).toEqual(
              hex(await inclusionProof(store, index, treeSize)),
            );
            const size1 = 1 + (second % treeSize);
            expect(hex(await consistencyProof(reader, size1, treeSize))).toEqual(
              hex(await consistencyProof(store, size1, treeSize)),
            );
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('serve proofs from level-2 tiles once the tree passes 65,536 leaves', async () => {
    const { store, tiles, size } = growLog([40_000, 25_536, 1, 1_298]);
    expect(size).toBe(66_835);
    expect(tiles.files.has('tile/2/000.p/1')).toBe(true);
    const reader = new TileNodeReader(tiles, size);
    for (const [index, treeSize] of [
      [0, size],
      [65_535, size],
      [66_834, size],
      [39_999, 40_000],
      [12_345, 65_536],
      [70, 65_537],
    ] as const) {
      const tileReader = new TileNodeReader(tiles, treeSize);
      expect(hex(await inclusionProof(tileReader, index, treeSize))).toEqual(
        hex(await inclusionProof(store, index, treeSize)),
      );
    }
    expect(hex(await consistencyProof(reader, 65_536, size))).toEqual(
      hex(await consistencyProof(store, 65_536, size)),
    );
    tiles.fetched.length = 0;
    await inclusionProof(reader, 0, size);
    // Each tile is fetched once per read, however many nodes it yields.
    expect(new Set(tiles.fetched).size).toBe(tiles.fetched.length);
  });

  it('fall back to the full tile once a partial one is deleted', async () => {
    const { store, tiles } = growLog([100, 200]);
    tiles.files.delete('tile/0/000.p/100');
    const reader = new TileNodeReader(tiles, 100);
    expect(hex(await inclusionProof(reader, 42, 100))).toEqual(
      hex(await inclusionProof(store, 42, 100)),
    );
    expect(tiles.fetched).toContain('tile/0/000.p/100');
  });

  it('refuses tiles of the wrong size and nodes the tree does not have yet', async () => {
    const { tiles } = growLog([10]);
    tiles.files.set('tile/0/000.p/10', new Uint8Array(32 * 9));
    await expect(new TileNodeReader(tiles, 10).read([{ level: 0, index: 1 }])).rejects.toThrow(
      /width/,
    );
    await expect(new TileNodeReader(tiles, 10).read([{ level: 4, index: 0 }])).rejects.toThrow(
      /complete/,
    );
  });
});
