import { createHash } from 'node:crypto';
import {
  type Clock,
  type IdGenerator,
  ok,
  parseTenantId,
  type RecordStore,
  type Storage,
  type StorageLimits,
  type StoredRecord,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { expect } from 'vitest';
import {
  AUDIT_COLLECTIONS,
  type AuditEntryInput,
  type AuditLog,
  type AuditReceipt,
  createAuditLog,
  type MerkleHasher,
  type NoteVerifier,
  openCheckpoint,
  sequenceRecordId,
} from '../../src/index.js';

/** The origin prefix of every test log. */
export const ORIGIN_PREFIX = 'audit.strongroom.test';

/** Fixed 32-byte master seeds, so keys are the same in every run. */
export const SEED_OLD = new Uint8Array(32).fill(7);
export const SEED_NEW = new Uint8Array(32).fill(9);

/** A parsed tenant id. */
export function tenant(name: string): TenantId {
  return unwrapOrThrow(parseTenantId(name));
}

/** A storage and an audit log over it, for one tenant. */
export interface Harness {
  readonly storage: Storage;
  readonly log: AuditLog;
  readonly tenantId: TenantId;
}

/** Options of {@link createHarness}. */
export interface HarnessOptions {
  readonly storage?: Storage;
  readonly limits?: Partial<StorageLimits>;
  readonly batchSize?: number;
  readonly masterSeeds?: readonly Uint8Array[];
  readonly ids?: IdGenerator;
  readonly clock?: Clock;
  readonly tenantId?: TenantId;
  readonly hasher?: MerkleHasher;
}

/** A memory storage (or the one given) and a log over it. */
export function createHarness(options: HarnessOptions = {}): Harness {
  const storage =
    options.storage ??
    createMemoryStorage(options.limits === undefined ? {} : { limits: options.limits });
  const log = createAuditLog({
    storage,
    signing: { originPrefix: ORIGIN_PREFIX, masterSeeds: options.masterSeeds ?? [SEED_OLD] },
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.hasher === undefined ? {} : { hasher: options.hasher }),
  });
  return { storage, log, tenantId: options.tenantId ?? tenant('acme') };
}

/** A valid entry input, numbered so every entry differs. */
export function entryInput(n: number, overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    actor: { type: 'user', id: 'usr_01h455vb4pex5vsknk084sn02q' },
    action: 'ledger.transfer.created',
    resource: { type: 'transfer', id: `trf_${n}` },
    outcome: 'succeeded',
    requestId: `req_${n}`,
    details: { n, currency: 'EUR' },
    ...overrides,
  };
}

/** Appends one entry in its own committed transaction and returns its receipt. */
export async function appendCommitted(
  harness: Harness,
  input: AuditEntryInput,
): Promise<AuditReceipt> {
  const committed = await harness.storage.transaction(harness.tenantId, async (tx) => {
    const receipt = await harness.log.append(tx, input);
    return receipt.isOk() ? ok(receipt.value) : receipt;
  });
  return unwrapOrThrow(committed);
}

/** Appends `count` entries, numbered from `from`, one transaction each, in order. */
export async function appendMany(harness: Harness, count: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let n = from; n < from + count; n += 1) {
    ids.push((await appendCommitted(harness, entryInput(n))).leafId);
  }
  return ids;
}

/** Integrates batches until none is left; returns the size of every batch integrated. */
export async function drain(harness: Harness): Promise<number[]> {
  const batches: number[] = [];
  for (;;) {
    const batch = unwrapOrThrow(await harness.log.integrate(harness.tenantId));
    if (batch.integrated === 0) return batches;
    batches.push(batch.integrated);
  }
}

/** Every record of a collection, in id order, read through the storage port. */
export async function listRecords(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
): Promise<StoredRecord[]> {
  return unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => {
      const records: StoredRecord[] = [];
      let page = await tx.records.list(collection, { limit: 1000 });
      records.push(...page.items);
      while (page.next !== null) {
        page = await tx.records.list(collection, { limit: 1000, after: page.next });
        records.push(...page.items);
      }
      return ok(records);
    }),
  );
}

/** Edits stored records directly through the storage port, bypassing the audit API. */
export async function tamper(
  storage: Storage,
  tenantId: TenantId,
  edit: (records: RecordStore) => Promise<void>,
): Promise<void> {
  unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => {
      await edit(tx.records);
      return ok(undefined);
    }),
  );
}

/** One stored record, which must exist. */
export async function getRecord(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
  id: string,
): Promise<StoredRecord> {
  const record = unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => ok(await tx.records.get(collection, id))),
  );
  if (record === undefined) throw new Error(`no record ${collection}/${id}`);
  return record;
}

/** The tenant's latest checkpoint, opened with the log's own verifiers. */
export async function latestOpened(harness: Harness, verifiers?: readonly NoteVerifier[]) {
  const note = unwrapOrThrow(await harness.log.latestCheckpoint(harness.tenantId));
  if (note === null) throw new Error('the log has no checkpoint yet');
  const trusted = verifiers ?? harness.log.signers(harness.tenantId).map((s) => s.verifier);
  return { note, opened: unwrapOrThrow(openCheckpoint(note, trusted)) };
}

/** The number of leaves still waiting for the sequencer. */
export async function pendingCount(harness: Harness): Promise<number> {
  return (await listRecords(harness.storage, harness.tenantId, AUDIT_COLLECTIONS.pending)).length;
}

/** The integrated leaf ids, in sequence order. */
export async function integratedLeafIds(harness: Harness): Promise<string[]> {
  const entries = await listRecords(harness.storage, harness.tenantId, AUDIT_COLLECTIONS.entries);
  return entries.map((record) => String(record.data['leafId']));
}

function sha256Digest(...parts: Buffer[]): Buffer {
  return createHash('sha256').update(Buffer.concat(parts)).digest();
}

/** RFC 6962 MTH of the leaves, naive and recursive, with node:crypto (independent of src/merkle). */
export function naiveRoot(leaves: readonly string[]): Buffer {
  if (leaves.length === 0) return sha256Digest();
  if (leaves.length === 1)
    return sha256Digest(Buffer.from([0]), Buffer.from(leaves[0] ?? '', 'utf8'));
  let split = 1;
  while (split * 2 < leaves.length) split *= 2;
  return sha256Digest(
    Buffer.from([1]),
    naiveRoot(leaves.slice(0, split)),
    naiveRoot(leaves.slice(split)),
  );
}

/** The integrated leaves' bytes, in sequence order. */
export async function integratedLeaves(harness: Harness): Promise<string[]> {
  const entries = await listRecords(harness.storage, harness.tenantId, AUDIT_COLLECTIONS.entries);
  return entries.map((record) => String(record.data['leaf']));
}

/**
 * Asserts the tenant's log holds exactly `committed` leaf ids, each once, at gap-free indexes
 * 0..n-1 indexed both ways, with nothing pending and a signed head of that size that verifies.
 */
export async function expectCompleteLog(harness: Harness, committed: readonly string[]) {
  const { storage, tenantId } = harness;
  const entries = await listRecords(storage, tenantId, AUDIT_COLLECTIONS.entries);
  expect(entries.map((record) => record.id)).toEqual(
    committed.map((_, index) => sequenceRecordId(index)),
  );
  const ids = entries.map((record) => String(record.data['leafId']));
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...committed].sort());
  const index = await listRecords(storage, tenantId, AUDIT_COLLECTIONS.leafIndex);
  expect(Object.fromEntries(index.map((record) => [record.id, record.data['index']]))).toEqual(
    Object.fromEntries(ids.map((id, position) => [id, position])),
  );
  expect(await pendingCount(harness)).toBe(0);
  const verified = unwrapOrThrow(await harness.log.verify(tenantId));
  expect(verified.treeSize).toBe(committed.length);
  expect(Buffer.from(verified.rootHash)).toEqual(
    naiveRoot(entries.map((record) => String(record.data['leaf']))),
  );
}
