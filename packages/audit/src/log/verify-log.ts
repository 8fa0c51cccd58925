import { hexToBytes } from '@noble/hashes/utils.js';
import {
  err,
  ok,
  type Result,
  type Storage,
  type StorageError,
  type TenantId,
} from '@strongroom/kernel';
import { decodeBase64 } from '../checkpoint/base64.js';
import type { NoteVerifier } from '../checkpoint/note-verifier.js';
import { openCheckpoint } from '../checkpoint/open-checkpoint.js';
import {
  DEFAULT_MERKLE_HASHER,
  EMPTY_TREE_ROOT,
  HASH_LENGTH_BYTES,
  hashesEqual,
  type MerkleHasher,
} from '../merkle/hashing.js';
import { RootAccumulator } from '../merkle/root-accumulator.js';
import { TILE_WIDTH } from '../merkle/tile-id.js';
import { AUDIT_COLLECTIONS, sequenceRecordId } from './audit-collections.js';
import { type AuditVerificationError, verificationFailed } from './audit-verification-error.js';
import { readPages } from './read-pages.js';
import { tileRecordId } from './storage-tile-reader.js';
import { readStoredTreeHead } from './tree-head.js';

/** A log that verified: its size and root, as vouched for by its signed checkpoint. */
export interface VerifiedLog {
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
}

/** What to verify a tenant's log against. */
export interface VerifyLogOptions {
  /** The log's keys; the head's checkpoint must carry a valid signature of one of them. */
  readonly verifiers: readonly NoteVerifier[];
  /**
   * A checkpoint obtained earlier from outside the database (a publisher, a witness, a client):
   * the log must still contain it. This is what detects a truncated tail.
   */
  readonly trustedCheckpoint?: string;
  /** The hashes to recompute with; a native SHA-256 speeds up long logs (`@strongroom/audit/node`). */
  readonly hasher?: MerkleHasher;
}

interface Expectation {
  readonly size: number;
  readonly root: Uint8Array;
  readonly reason: 'checkpoint_mismatch' | 'truncated';
}

/**
 * Re-walks a tenant's whole log and checks it against its signed checkpoint: every sequence number
 * present once (no deletion, no insertion), every entry hashing to its stored tile hash and, through
 * the Merkle tree, to the signed root; every stored checkpoint and the trusted one matching the
 * entries before it. Reports the first bad sequence number where one can be named.
 */
export async function verifyLog(
  storage: Storage,
  tenantId: TenantId,
  options: VerifyLogOptions,
): Promise<Result<VerifiedLog, AuditVerificationError | StorageError>> {
  const head = await storage.transaction(tenantId, async (tx) => ok(await readStoredTreeHead(tx)));
  if (head.isErr()) return err(head.error);
  // A head record edited into something that is not a head is reported, not thrown.
  if (head.value === undefined) return err(verificationFailed('head_mismatch', null));
  const hasher = options.hasher ?? DEFAULT_MERKLE_HASHER;
  // A log that was never sequenced has no checkpoint to open: it verifies as the empty tree,
  // provided nothing claims otherwise (an entry, a stored or a trusted checkpoint).
  const signed =
    head.value.version === 0
      ? ok({ treeSize: 0, rootHash: EMPTY_TREE_ROOT })
      : openCheckpoint(head.value.checkpoint, options.verifiers);
  if (signed.isErr()) return err(verificationFailed('checkpoint_signature', null));
  if (
    signed.value.treeSize !== head.value.size ||
    !hashesEqual(signed.value.rootHash, head.value.root)
  ) {
    return err(verificationFailed('head_mismatch', null));
  }
  const expectations = await collectExpectations(storage, tenantId, options);
  if (expectations.isErr()) return err(expectations.error);
  const treeSize = signed.value.treeSize;
  // Any checkpoint beyond the head — trusted, or stored and so once signed by the log — means the
  // head was rolled back over entries that had been sealed.
  if (expectations.value.some((expected) => expected.size > treeSize)) {
    return err(verificationFailed('truncated', treeSize));
  }
  const walked = await walkEntries(storage, tenantId, treeSize, expectations.value, hasher);
  if (walked.isErr()) return err(walked.error);
  if (!hashesEqual(walked.value.root(), signed.value.rootHash))
    return err(verificationFailed('root_mismatch', null));
  // The head's border is what the sequencer extends next: one that disagrees with the entries would
  // have the next batch sign a root the entries cannot produce.
  const border = head.value.border.hashes;
  if (
    border.length !== walked.value.border.length ||
    border.some((hash, position) => !hashesEqual(hash, walked.value.border[position] as Uint8Array))
  ) {
    return err(verificationFailed('head_mismatch', null));
  }
  return ok({ treeSize, rootHash: signed.value.rootHash });
}

// Every stored checkpoint (unsigned roots kept beside them) and the trusted one, by size.
async function collectExpectations(
  storage: Storage,
  tenantId: TenantId,
  options: VerifyLogOptions,
): Promise<Result<Expectation[], AuditVerificationError | StorageError>> {
  const expectations: Expectation[] = [];
  for await (const page of readPages(storage, tenantId, AUDIT_COLLECTIONS.checkpoints)) {
    if (page.isErr()) return err(page.error);
    for (const record of page.value) {
      const root = String(record.data['root']);
      expectations.push({
        size: Number(record.id),
        // A root edited into something that is not a hash matches nothing, and is reported so.
        root: /^[0-9a-f]{64}$/.test(root) ? hexToBytes(root) : new Uint8Array(0),
        reason: 'checkpoint_mismatch',
      });
    }
  }
  if (options.trustedCheckpoint !== undefined) {
    const trusted = openCheckpoint(options.trustedCheckpoint, options.verifiers);
    if (trusted.isErr()) return err(verificationFailed('checkpoint_signature', null));
    expectations.push({
      size: trusted.value.treeSize,
      root: trusted.value.rootHash,
      reason: 'truncated',
    });
  }
  return ok(expectations.sort((left, right) => left.size - right.size));
}

async function walkEntries(
  storage: Storage,
  tenantId: TenantId,
  treeSize: number,
  expectations: readonly Expectation[],
  hasher: MerkleHasher,
): Promise<Result<RootAccumulator, AuditVerificationError | StorageError>> {
  const tree = new RootAccumulator(hasher);
  const checkpointSizes = new Set(expectations.map((expected) => expected.size));
  for await (const page of readPages(storage, tenantId, AUDIT_COLLECTIONS.entries)) {
    if (page.isErr()) return err(page.error);
    const first = tree.size;
    const tiles = await readLeafTiles(
      storage,
      tenantId,
      first,
      Math.min(page.value.length, Math.max(0, treeSize - first)),
    );
    if (tiles.isErr()) return err(tiles.error);
    for (const record of page.value) {
      const index = tree.size;
      if (record.id !== sequenceRecordId(index))
        return err(verificationFailed('missing_entry', index));
      if (index >= treeSize) return err(verificationFailed('unexpected_entry', index));
      const leafHash = hasher.hashLeafText(String(record.data['leaf']));
      const offset = (index - first) * HASH_LENGTH_BYTES;
      if (!hashesEqual(leafHash, tiles.value.subarray(offset, offset + HASH_LENGTH_BYTES))) {
        return err(verificationFailed('entry_mismatch', index));
      }
      tree.push(leafHash);
      if (checkpointSizes.has(tree.size)) {
        const root = tree.root();
        const failed = expectations.find(
          (expected) => expected.size === tree.size && !hashesEqual(root, expected.root),
        );
        if (failed !== undefined)
          return err(verificationFailed(failed.reason, expectedStart(expectations, failed)));
      }
    }
  }
  if (tree.size < treeSize) return err(verificationFailed('missing_entry', tree.size));
  return ok(tree);
}

// The first entry of the stretch a failed checkpoint covers: after the previous checkpoint.
function expectedStart(expectations: readonly Expectation[], failed: Expectation): number {
  const before = expectations.filter((expected) => expected.size < failed.size);
  return before.at(-1)?.size ?? 0;
}

/**
 * The level-0 tile hashes of `count` leaves from `first`, concatenated. Comparing each entry with
 * its tile hash names the exact entry that changed; the tiles themselves are vouched for by the
 * signed root, which the walk recomputes from the entries.
 */
async function readLeafTiles(
  storage: Storage,
  tenantId: TenantId,
  first: number,
  count: number,
): Promise<Result<Uint8Array, StorageError>> {
  if (count === 0) return ok(new Uint8Array(0));
  const firstTile = Math.floor(first / TILE_WIDTH);
  const lastTile = Math.floor((first + count - 1) / TILE_WIDTH);
  const tiles = Array.from({ length: lastTile - firstTile + 1 }, (_, offset) => {
    const tileIndex = firstTile + offset;
    return { tileLevel: 0, tileIndex };
  });
  return storage.transaction(tenantId, async (tx) => {
    const records = await tx.records.getMany(AUDIT_COLLECTIONS.tiles, tiles.map(tileRecordId));
    // A missing or garbled tile reads as zeros, so the entries it covered show as mismatched.
    const joined = new Uint8Array(tiles.length * TILE_WIDTH * HASH_LENGTH_BYTES);
    records.forEach((record, position) => {
      const content = decodeBase64(String(record?.data['hashes'] ?? ''));
      if (content !== undefined && content.length <= TILE_WIDTH * HASH_LENGTH_BYTES) {
        joined.set(content, position * TILE_WIDTH * HASH_LENGTH_BYTES);
      }
    });
    const start = (first - firstTile * TILE_WIDTH) * HASH_LENGTH_BYTES;
    return ok(joined.slice(start, start + count * HASH_LENGTH_BYTES));
  });
}
