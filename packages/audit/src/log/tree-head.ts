import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { assert, type JsonObject, type StorageTransaction } from '@strongroom/kernel';
import {
  type CompactRange,
  compactRange,
  compactRangeNodes,
  EMPTY_COMPACT_RANGE,
} from '../merkle/compact-range.js';
import { EMPTY_TREE_ROOT } from '../merkle/hashing.js';
import { AUDIT_COLLECTIONS } from './audit-collections.js';

/** The sequencer's view of a tenant's tree: what it needs to extend it and what it last signed. */
export interface TreeHead {
  readonly size: number;
  readonly root: Uint8Array;
  /** The right border of the tree, so the next batch extends it without reading old nodes. */
  readonly border: CompactRange;
  /** The signed checkpoint note for this size; empty for the empty tree before the first batch. */
  readonly checkpoint: string;
  /** The record version, so the next batch is conditional on this head (one sequencer wins). */
  readonly version: number;
}

const HEAD_ID = 'head';

const HASH_HEX = /^[0-9a-f]{64}$/;

/**
 * Reads the stored tree head inside a transaction, or `undefined` when the record is not a
 * well-formed head (it was edited outside the log); an absent head is the empty tree at version 0.
 */
export async function readStoredTreeHead(tx: StorageTransaction): Promise<TreeHead | undefined> {
  const record = await tx.records.get(AUDIT_COLLECTIONS.tree, HEAD_ID);
  if (record === undefined) {
    return {
      size: 0,
      root: EMPTY_TREE_ROOT,
      border: EMPTY_COMPACT_RANGE,
      checkpoint: '',
      version: 0,
    };
  }
  const size = Number(record.data['size']);
  const { root, border, checkpoint } = record.data;
  if (!Number.isSafeInteger(size) || size < 0) return undefined;
  if (typeof root !== 'string' || !HASH_HEX.test(root) || typeof checkpoint !== 'string')
    return undefined;
  if (
    !Array.isArray(border) ||
    border.length !== compactRangeNodes(size).length ||
    !border.every((hash) => typeof hash === 'string' && HASH_HEX.test(hash))
  ) {
    return undefined;
  }
  return {
    size,
    root: hexToBytes(root),
    border: compactRange(
      size,
      border.map((hash) => hexToBytes(String(hash))),
    ),
    checkpoint,
    version: record.version,
  };
}

/** Reads the tree head inside a transaction; an absent head is the empty tree at version 0. */
export async function readTreeHead(tx: StorageTransaction): Promise<TreeHead> {
  const head = await readStoredTreeHead(tx);
  assert(head !== undefined, 'the stored audit tree head is well formed');
  return head;
}

/** Writes the head that replaces `previous`, failing the transaction if another sequencer moved it. */
export async function writeTreeHead(
  tx: StorageTransaction,
  previous: TreeHead,
  next: Omit<TreeHead, 'version'>,
): Promise<void> {
  const data: JsonObject = {
    size: next.size,
    root: bytesToHex(next.root),
    border: next.border.hashes.map((hash) => bytesToHex(hash)),
    checkpoint: next.checkpoint,
  };
  await tx.records.put({
    collection: AUDIT_COLLECTIONS.tree,
    id: HEAD_ID,
    data,
    expectedVersion: previous.version,
  });
}
