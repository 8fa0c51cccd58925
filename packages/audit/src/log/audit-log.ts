import { bytesToHex } from '@noble/hashes/utils.js';
import {
  assert,
  type Clock,
  err,
  type IdGenerator,
  type InfrastructureError,
  ok,
  type Result,
  resolveIdGenerator,
  type Storage,
  type StorageError,
  type StorageTransaction,
  systemClock,
  type TenantId,
} from '@strongroom/kernel';
import type { CheckpointPublisher } from '../checkpoint/checkpoint-publisher.js';
import type { Ed25519NoteSigner } from '../checkpoint/note-signer.js';
import type { AuditEntryInput } from '../entry/audit-entry.js';
import type { AuditEntryError } from '../entry/audit-error.js';
import { DEFAULT_MERKLE_HASHER, type MerkleHasher } from '../merkle/hashing.js';
import { consistencyProof, inclusionProof } from '../merkle/node-hash-reader.js';
import { TileNodeReader } from '../merkle/tile-node-reader.js';
import { type AuditReceipt, appendAuditEntry } from './append-audit-entry.js';
import { AUDIT_COLLECTIONS, sequenceRecordId } from './audit-collections.js';
import type {
  InvalidProofRequestError,
  SequencingTimeoutError,
  UnknownLeafError,
} from './audit-sequencing-error.js';
import type { AuditVerificationError } from './audit-verification-error.js';
import { type IntegratedBatch, integrateBatch } from './integrate-batch.js';
import { readSequencedEntries, type SequencedEntry } from './read-sequenced-entries.js';
import { storageTileReader } from './storage-tile-reader.js';
import { type AuditSigningOptions, tenantLogOrigin, tenantLogSigners } from './tenant-log-keys.js';
import { readTreeHead } from './tree-head.js';
import { type VerifiedLog, verifyLog } from './verify-log.js';

/** Leaves one batch integrates by default (Trillian's log signer uses 1,000). */
export const AUDIT_BATCH_SIZE_DEFAULT = 256;

// Writes a batch needs besides three per leaf (entry, index, pending delete): the head, the
// checkpoint, and at most one tile per tile level plus a spare level-0 tile.
const BATCH_OVERHEAD_WRITES = 16;

/** How to build an {@link AuditLog}. */
export interface AuditLogOptions {
  readonly storage: Storage;
  readonly signing: AuditSigningOptions;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /**
   * The RFC 6962 hashing of appends' receipts, the sequencer and `verify`: the portable default,
   * or `nodeMerkleHasher` from `@strongroom/audit/node` (several times faster; same hashes).
   */
  readonly hasher?: MerkleHasher;
  /** Most leaves per batch; lowered automatically to what the storage can commit at once. */
  readonly batchSize?: number;
  /** Where each new checkpoint goes after its batch commits (outside the database owner's reach). */
  readonly publisher?: CheckpointPublisher;
}

/** A batch, and whether its checkpoint reached the publisher. */
export interface PublishedBatch extends IntegratedBatch {
  /** Why publishing the batch's checkpoint failed, or null (also when there was nothing to publish). */
  readonly publishFailure: InfrastructureError | null;
}

/** Where a leaf landed in the tree. */
export interface SequencedLeaf {
  readonly leafId: string;
  readonly index: number;
}

/** An inclusion proof with everything a verifier needs besides the root it trusts. */
export interface AuditInclusionProof {
  readonly leafId: string;
  readonly index: number;
  readonly treeSize: number;
  readonly leaf: string;
  /** Hex SHA-256 hashes, leaf to root. */
  readonly proof: readonly string[];
}

/** The audit log of every tenant on one storage. */
export interface AuditLog {
  /** Writes a leaf inside the caller's transaction (see {@link appendAuditEntry}). */
  append(
    tx: StorageTransaction,
    input: AuditEntryInput,
  ): Promise<Result<AuditReceipt, AuditEntryError>>;
  /** Integrates one batch of the tenant's committed leaves and publishes its checkpoint. */
  integrate(tenantId: TenantId): Promise<Result<PublishedBatch, StorageError>>;
  /** Integrates until the leaf is in the tree (or the time is up) and tells where it landed. */
  waitForSequencing(
    tenantId: TenantId,
    leafId: string,
    options?: { timeoutMs?: number },
  ): Promise<Result<SequencedLeaf, SequencingTimeoutError | StorageError>>;
  /** Up to `limit` (at most 100) sequenced entries from tree index `from`, in tree order. */
  entries(
    tenantId: TenantId,
    from: number,
    limit: number,
  ): Promise<Result<SequencedEntry[], StorageError>>;
  /** The tenant's latest signed checkpoint note, or null before the first batch. */
  latestCheckpoint(tenantId: TenantId): Promise<Result<string | null, StorageError>>;
  /** An RFC 9162 inclusion proof of a leaf in the tree of `treeSize` (default: the latest). */
  inclusionProof(
    tenantId: TenantId,
    leafId: string,
    treeSize?: number,
  ): Promise<
    Result<AuditInclusionProof, UnknownLeafError | InvalidProofRequestError | StorageError>
  >;
  /** An RFC 9162 consistency proof between two tree sizes, as hex hashes. */
  consistencyProof(
    tenantId: TenantId,
    size1: number,
    size2: number,
  ): Promise<Result<readonly string[], InvalidProofRequestError | StorageError>>;
  /** Re-walks the tenant's log (see {@link verifyLog}). */
  verify(
    tenantId: TenantId,
    options?: { trustedCheckpoint?: string },
  ): Promise<Result<VerifiedLog, AuditVerificationError | StorageError>>;
  /** The tenant log's signers (their `vkey`s are what clients and witnesses trust). */
  signers(tenantId: TenantId): readonly Ed25519NoteSigner[];
  /** The tenant log's C2SP origin. */
  origin(tenantId: TenantId): string;
}

/** Builds the {@link AuditLog} over a storage. */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { storage } = options;
  const clock = options.clock ?? systemClock;
  const ids = resolveIdGenerator(options.ids);
  const hasher = options.hasher ?? DEFAULT_MERKLE_HASHER;
  const batchSize = Math.min(
    options.batchSize ?? AUDIT_BATCH_SIZE_DEFAULT,
    Math.floor((storage.limits.writesPerTransaction - BATCH_OVERHEAD_WRITES) / 3),
  );
  assert(batchSize >= 1, 'the storage must commit at least one audit leaf per batch');
  const signersByTenant = new Map<TenantId, Ed25519NoteSigner[]>();
  const signers = (tenantId: TenantId) => {
    let tenantSigners = signersByTenant.get(tenantId);
    if (tenantSigners === undefined) {
      tenantSigners = tenantLogSigners(options.signing, tenantId);
      signersByTenant.set(tenantId, tenantSigners);
    }
    return tenantSigners;
  };
  const origin = (tenantId: TenantId) => tenantLogOrigin(options.signing.originPrefix, tenantId);

  const log: AuditLog = {
    append: (tx, input) => appendAuditEntry(tx, input, { clock, ids, hasher }),
    async integrate(tenantId) {
      const batch = await storage.transaction(tenantId, async (tx) =>
        ok(
          await integrateBatch(tx, {
            origin: origin(tenantId),
            signers: signers(tenantId),
            batchSize,
            hasher,
          }),
        ),
      );
      if (batch.isErr()) return err(batch.error);
      if (batch.value.checkpoint === null || options.publisher === undefined) {
        return ok({ ...batch.value, publishFailure: null });
      }
      // The batch has committed whatever publishing does; a failure is reported, and the next
      // batch publishes a newer checkpoint that covers this one.
      const published = await options.publisher.publish(batch.value.checkpoint);
      return ok({ ...batch.value, publishFailure: published.isErr() ? published.error : null });
    },
    async waitForSequencing(tenantId, leafId, waitOptions) {
      const timeoutMs = waitOptions?.timeoutMs ?? 5000;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await storage.transaction(tenantId, async (tx) =>
          ok(await tx.records.get(AUDIT_COLLECTIONS.leafIndex, leafId)),
        );
        if (found.isErr()) return err(found.error);
        if (found.value !== undefined)
          return ok({ leafId, index: Number(found.value.data['index']) });
        if (Date.now() >= deadline)
          return err({ type: 'audit.sequencing_timeout', leafId, waitedMs: timeoutMs });
        const integrated = await log.integrate(tenantId);
        // Another sequencer may hold the head; its batch will integrate the leaf, so wait and look again.
        if (integrated.isErr() && integrated.error.type !== 'storage.conflict')
          return err(integrated.error);
        if (integrated.isErr() || integrated.value.integrated === 0)
          await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async latestCheckpoint(tenantId) {
      return storage.transaction(tenantId, async (tx) => {
        const head = await readTreeHead(tx);
        return ok(head.size === 0 ? null : head.checkpoint);
      });
    },
    async inclusionProof(tenantId, leafId, treeSize) {
      return storage.transaction(tenantId, async (tx) => {
        const indexRecord = await tx.records.get(AUDIT_COLLECTIONS.leafIndex, leafId);
        if (indexRecord === undefined) return err({ type: 'audit.unknown_leaf' as const, leafId });
        const index = Number(indexRecord.data['index']);
        const head = await readTreeHead(tx);
        const size = treeSize ?? head.size;
        if (!Number.isSafeInteger(size) || size > head.size || index >= size) {
          return err({
            type: 'audit.invalid_proof_request' as const,
            reason: 'size_beyond_tree' as const,
          });
        }
        const entry = await tx.records.get(AUDIT_COLLECTIONS.entries, sequenceRecordId(index));
        assert(entry !== undefined, 'an indexed leaf has its entry');
        const proof = await inclusionProof(
          new TileNodeReader(storageTileReader(tx), size, hasher),
          index,
          size,
          hasher,
        );
        return ok({
          leafId,
          index,
          treeSize: size,
          leaf: String(entry.data['leaf']),
          proof: proof.map((hash) => bytesToHex(hash)),
        });
      });
    },
    async consistencyProof(tenantId, size1, size2) {
      return storage.transaction(tenantId, async (tx) => {
        const head = await readTreeHead(tx);
        if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size2 > head.size)
          return err({
            type: 'audit.invalid_proof_request' as const,
            reason: 'size_beyond_tree' as const,
          });
        if (size1 < 1 || size1 > size2) {
          return err({
            type: 'audit.invalid_proof_request' as const,
            reason: 'sizes_out_of_order' as const,
          });
        }
        const proof = await consistencyProof(
          new TileNodeReader(storageTileReader(tx), size2, hasher),
          size1,
          size2,
          hasher,
        );
        return ok(proof.map((hash) => bytesToHex(hash)));
      });
    },
    entries: (tenantId, from, limit) => readSequencedEntries(storage, tenantId, from, limit),
    verify(tenantId, verifyOptions) {
      const verifiers = signers(tenantId).map((signer) => signer.verifier);
      return verifyLog(storage, tenantId, { verifiers, hasher, ...verifyOptions });
    },
    signers,
    origin,
  };
  return log;
}
