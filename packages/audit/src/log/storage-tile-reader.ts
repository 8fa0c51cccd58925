import { assert, type StorageTransaction } from '@strongroom/kernel';
import { decodeBase64 } from '../checkpoint/base64.js';
import { HASH_LENGTH_BYTES } from '../merkle/hashing.js';
import type { TileId } from '../merkle/tile-id.js';
import type { TileReader } from '../merkle/tile-node-reader.js';
import { AUDIT_COLLECTIONS } from './audit-collections.js';

/**
 * Tiles are stored one record per tile position (`<level>/<index>`), holding the tile's latest
 * content: a partial tile is overwritten as it grows. That is all an older tree size needs too,
 * because tiles only grow: the first `width` hashes of today's tile are yesterday's partial tile.
 */
export function tileRecordId(tile: Pick<TileId, 'tileLevel' | 'tileIndex'>): string {
  return `${tile.tileLevel}/${String(tile.tileIndex).padStart(16, '0')}`;
}

/** Reads tiles from the tenant's `audit.tiles` records inside a transaction. */
export function storageTileReader(tx: StorageTransaction): TileReader {
  return {
    async readTiles(tiles) {
      const records = await tx.records.getMany(AUDIT_COLLECTIONS.tiles, tiles.map(tileRecordId));
      return records.map((record, position) => {
        assert(
          record !== undefined,
          `tile ${tileRecordId(tiles[position] as TileId)} exists for a sequenced size`,
        );
        const hashes = decodeBase64(String(record.data['hashes']));
        assert(hashes !== undefined, 'tiles are stored as base64');
        const bytes = (tiles[position] as TileId).width * HASH_LENGTH_BYTES;
        return hashes.length > bytes ? hashes.subarray(0, bytes) : hashes;
      });
    },
  };
}
