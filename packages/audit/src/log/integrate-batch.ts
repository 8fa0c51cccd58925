import { bytesToHex } from '@noble/hashes/utils.js';
import { assert, type StorageTransaction } from '@strongroom/kernel';
import { encodeBase64 } from '../checkpoint/base64.js';
import { formatCheckpointBody } from '../checkpoint/checkpoint-body.js';
import type { NoteSigner } from '../checkpoint/note-signer.js';
import { signCheckpoint } from '../checkpoint/sign-checkpoint.js';
import { appendLeaves } from '../merkle/compact-range.js';
import { DEFAULT_MERKLE_HASHER, type MerkleHasher } from '../merkle/hashing.js';
import { partialTiles } from '../merkle/tile-id.js';
import { tilesTouchedByAppend } from '../merkle/tile-updates.js';
import { AUDIT_COLLECTIONS, sequenceRecordId } from './audit-collections.js';
import { storageTileReader, tileRecordId } from './storage-tile-reader.js';
import { readTreeHead, writeTreeHead } from './tree-head.js';

/** What one integration produced: how many leaves, and the checkpoint signed for the new size. */
export interface IntegratedBatch {
  readonly integrated: number;
  readonly treeSize: number;
  /** The signed checkpoint note for `treeSize`; null when there was nothing to integrate. */
  readonly checkpoint: string | null;
}

/** What a batch needs besides the transaction. */
export interface IntegrateBatchOptions {
  readonly origin: string;
  readonly signers: readonly NoteSigner[];
  /** Most leaves one batch integrates; bounded by the storage's write limit by the caller. */
  readonly batchSize: number;
  /** The RFC 6962 hashing of the new leaves and nodes; the portable default if not given. */
  readonly hasher?: MerkleHasher;
}

/**
 * Integrates up to `batchSize` committed leaves into the tenant's tree in ONE storage transaction,
 * as Trillian's log signer does: sequence numbers continue from the head without gaps, each leaf is
 * stored by sequence number and indexed by id, the touched tiles are rewritten, the pending records
 * are deleted, and a new checkpoint is signed and stored with the new head. The head is written
 * conditionally on the version read, so if two sequencers race, one commits and the other's
 * transaction conflicts; a crash anywhere rolls the whole batch back. Either way a leaf is
 * integrated exactly once.
 */
export async function integrateBatch(
  tx: StorageTransaction,
  options: IntegrateBatchOptions,
): Promise<IntegratedBatch> {
  const head = await readTreeHead(tx);
  const pending = await tx.records.list(AUDIT_COLLECTIONS.pending, { limit: options.batchSize });
  if (pending.items.length === 0) return { integrated: 0, treeSize: head.size, checkpoint: null };

  const leaves = pending.items.map((record) => {
    const leaf = record.data['leaf'];
    assert(typeof leaf === 'string', 'a pending audit record holds its leaf');
    return { leafId: record.id, leaf, leafVersion: record.version };
  });
  const hasher = options.hasher ?? DEFAULT_MERKLE_HASHER;
  const appended = appendLeaves(
    head.border,
    leaves.map(({ leaf }) => hasher.hashLeafText(leaf)),
    hasher,
  );

  const oldPartialTiles = await storageTileReader(tx).readTiles(partialTiles(head.size));
  for (const write of tilesTouchedByAppend({
    oldSize: head.size,
    newNodes: appended.newNodes,
    oldPartialTiles,
  })) {
    const id = tileRecordId(write.tile);
    const current = await tx.records.get(AUDIT_COLLECTIONS.tiles, id);
    await tx.records.put({
      collection: AUDIT_COLLECTIONS.tiles,
      id,
      data: { hashes: encodeBase64(write.hashes) },
      expectedVersion: current?.version ?? 0,
    });
  }

  for (const [offset, { leafId, leaf, leafVersion }] of leaves.entries()) {
    const index = head.size + offset;
    await tx.records.put({
      collection: AUDIT_COLLECTIONS.entries,
      id: sequenceRecordId(index),
      data: { leafId, leaf },
      expectedVersion: 0,
    });
    await tx.records.put({
      collection: AUDIT_COLLECTIONS.leafIndex,
      id: leafId,
      data: { index },
      expectedVersion: 0,
    });
    await tx.records.delete({
      collection: AUDIT_COLLECTIONS.pending,
      id: leafId,
      expectedVersion: leafVersion,
    });
  }

  const treeSize = appended.state.size;
  const body = formatCheckpointBody({ origin: options.origin, treeSize, rootHash: appended.root });
  const checkpoint = signCheckpoint(body, options.signers);
  await tx.records.put({
    collection: AUDIT_COLLECTIONS.checkpoints,
    id: sequenceRecordId(treeSize),
    data: { checkpoint, root: bytesToHex(appended.root) },
    expectedVersion: 0,
  });
  await writeTreeHead(tx, head, {
    size: treeSize,
    root: appended.root,
    border: appended.state,
    checkpoint,
  });
  return { integrated: leaves.length, treeSize, checkpoint };
}
