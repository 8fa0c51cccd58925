import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { RecordStore, StoredRecord } from '@strongroom/kernel';
import { unwrapOrThrow } from '@strongroom/kernel';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AUDIT_COLLECTIONS,
  appendLeaves,
  EMPTY_COMPACT_RANGE,
  hashLeaf,
  sequenceRecordId,
} from '../../src/index.js';
import {
  appendMany,
  createHarness,
  drain,
  getRecord,
  type Harness,
  integratedLeaves,
  latestOpened,
  listRecords,
  naiveRoot,
  tamper,
} from './audit-fixture.js';

const { entries, tiles, tree, checkpoints, leafIndex } = AUDIT_COLLECTIONS;

// The log under attack: 20 entries in batches of 8, so checkpoints at 8, 16 and 20.
async function intactLog(): Promise<Harness> {
  const harness = createHarness({ batchSize: 8 });
  await appendMany(harness, 20);
  expect(await drain(harness)).toEqual([8, 8, 4]);
  return harness;
}

function entry(harness: Harness, index: number): Promise<StoredRecord> {
  return getRecord(harness.storage, harness.tenantId, entries, sequenceRecordId(index));
}

async function headRecord(harness: Harness): Promise<StoredRecord> {
  const [head] = await listRecords(harness.storage, harness.tenantId, tree);
  if (head === undefined) throw new Error('no head');
  return head;
}

async function rewrite(records: RecordStore, record: StoredRecord, data: StoredRecord['data']) {
  await records.put({
    collection: record.collection,
    id: record.id,
    data,
    expectedVersion: record.version,
  });
}

async function verifyError(harness: Harness, trustedCheckpoint?: string) {
  const verified = await harness.log.verify(
    harness.tenantId,
    trustedCheckpoint === undefined ? {} : { trustedCheckpoint },
  );
  expect(verified.isErr()).toBe(true);
  return verified._unsafeUnwrapErr();
}

// An edited copy of a leaf: the same entry with one detail changed, still valid canonical JSON.
function editedLeaf(leaf: string): string {
  return leaf.replace('"currency":"EUR"', '"currency":"USD"');
}

describe('verify', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await intactLog();
  });

  it('passes on an intact log, with the signed size and the root of its entries', async () => {
    const verified = unwrapOrThrow(await harness.log.verify(harness.tenantId));
    expect(verified.treeSize).toBe(20);
    expect(Buffer.from(verified.rootHash)).toEqual(naiveRoot(await integratedLeaves(harness)));
  });

  it('passes against an earlier trusted checkpoint the log still contains', async () => {
    const early = await getRecord(
      harness.storage,
      harness.tenantId,
      checkpoints,
      sequenceRecordId(8),
    );
    const trustedCheckpoint = String(early.data['checkpoint']);
    expect(
      unwrapOrThrow(await harness.log.verify(harness.tenantId, { trustedCheckpoint })).treeSize,
    ).toBe(20);
  });

  it('reports a changed entry at its index', async () => {
    const target = await entry(harness, 5);
    await tamper(harness.storage, harness.tenantId, (records) =>
      rewrite(records, target, { ...target.data, leaf: editedLeaf(String(target.data['leaf'])) }),
    );
    expect(await verifyError(harness)).toEqual({
      type: 'audit.verification_failed',
      reason: 'entry_mismatch',
      firstBadIndex: 5,
    });
  });

  it('reports a changed entry whose tile hash and unsigned stored roots were rewritten to match', async () => {
    // The attacker recomputes the leaf's tile hash and every stored (unsigned) checkpoint root;
    // only the signed head checkpoint, which needs the log's key, still tells.
    const target = await entry(harness, 5);
    const forged = editedLeaf(String(target.data['leaf']));
    const tile = await getRecord(harness.storage, harness.tenantId, tiles, `0/${'0'.repeat(16)}`);
    const hashes = Buffer.from(String(tile.data['hashes']), 'base64');
    hashes.set(hashLeaf(utf8ToBytes(forged)), 5 * 32);
    const leaves = await integratedLeaves(harness);
    leaves[5] = forged;
    const stored = await listRecords(harness.storage, harness.tenantId, checkpoints);
    await tamper(harness.storage, harness.tenantId, async (records) => {
      await rewrite(records, target, { ...target.data, leaf: forged });
      await rewrite(records, tile, { hashes: hashes.toString('base64') });
      for (const record of stored) {
        const root = naiveRoot(leaves.slice(0, Number(record.id))).toString('hex');
        await rewrite(records, record, { ...record.data, root });
      }
    });
    expect(await verifyError(harness)).toEqual({
      type: 'audit.verification_failed',
      reason: 'root_mismatch',
      firstBadIndex: null,
    });
  });

  it('reports a stored checkpoint root that does not match the entries before it', async () => {
    const record = await getRecord(
      harness.storage,
      harness.tenantId,
      checkpoints,
      sequenceRecordId(16),
    );
    await tamper(harness.storage, harness.tenantId, (records) =>
      rewrite(records, record, { ...record.data, root: 'ab'.repeat(32) }),
    );
    // The stretch after the previous checkpoint (8) is where the disagreement lies.
    expect(await verifyError(harness)).toMatchObject({
      reason: 'checkpoint_mismatch',
      firstBadIndex: 8,
    });
  });

  it.each([0, 7, 19])('reports a deleted entry %i as missing at its index', async (index) => {
    const target = await entry(harness, index);
    await tamper(harness.storage, harness.tenantId, (records) =>
      records.delete({ collection: entries, id: target.id, expectedVersion: target.version }),
    );
    expect(await verifyError(harness)).toEqual({
      type: 'audit.verification_failed',
      reason: 'missing_entry',
      firstBadIndex: index,
    });
  });

  it('reports an entry inserted beyond the tail as unexpected', async () => {
    const copy = await entry(harness, 3);
    await tamper(harness.storage, harness.tenantId, async (records) => {
      await records.put({
        collection: entries,
        id: sequenceRecordId(20),
        data: copy.data,
        expectedVersion: 0,
      });
    });
    expect(await verifyError(harness)).toEqual({
      type: 'audit.verification_failed',
      reason: 'unexpected_entry',
      firstBadIndex: 20,
    });
  });

  it('reports an entry inserted in the middle, shifting the rest, at the insertion point', async () => {
    const all = await listRecords(harness.storage, harness.tenantId, entries);
    const at = (index: number): StoredRecord => {
      const record = all[index];
      if (record === undefined) throw new Error(`no entry ${index}`);
      return record;
    };
    const fake = { leafId: 'aud_fake', leaf: editedLeaf(String(at(5).data['leaf'])) };
    await tamper(harness.storage, harness.tenantId, async (records) => {
      await records.put({
        collection: entries,
        id: sequenceRecordId(20),
        data: at(19).data,
        expectedVersion: 0,
      });
      for (let index = 19; index >= 6; index -= 1)
        await rewrite(records, at(index), at(index - 1).data);
      await rewrite(records, at(5), fake);
    });
    expect(await verifyError(harness)).toEqual({
      type: 'audit.verification_failed',
      reason: 'entry_mismatch',
      firstBadIndex: 5,
    });
  });

  it('reports two swapped entries at the first of them', async () => {
    const [left, right] = [await entry(harness, 3), await entry(harness, 11)];
    await tamper(harness.storage, harness.tenantId, async (records) => {
      await rewrite(records, left, right.data);
      await rewrite(records, right, left.data);
    });
    expect(await verifyError(harness)).toEqual({
      type: 'audit.verification_failed',
      reason: 'entry_mismatch',
      firstBadIndex: 3,
    });
  });

  it('reports a truncated tail against a checkpoint obtained before the attack', async () => {
    // A client (or witness, or publisher) obtained the size-20 checkpoint earlier.
    const trusted = (await latestOpened(harness)).note;
    // The attacker has write access to the database but not the signing key. To hide entries 8..19
    // they delete them with their index records and later checkpoints, and roll the head back to
    // the genuine, signed checkpoint of size 8 — recomputing the head's border from the 8 leaves
    // that remain, as anyone can. The signature on the rolled-back head is valid.
    const kept = (await integratedLeaves(harness)).slice(0, 8);
    const border = appendLeaves(
      EMPTY_COMPACT_RANGE,
      kept.map((leaf) => hashLeaf(utf8ToBytes(leaf))),
    ).state.hashes.map((hash) => bytesToHex(hash));
    const older = await getRecord(
      harness.storage,
      harness.tenantId,
      checkpoints,
      sequenceRecordId(8),
    );
    const head = await headRecord(harness);
    const cut = (await listRecords(harness.storage, harness.tenantId, entries)).slice(8);
    const laterCheckpoints = (
      await listRecords(harness.storage, harness.tenantId, checkpoints)
    ).slice(1);
    await tamper(harness.storage, harness.tenantId, async (records) => {
      for (const record of cut) {
        await records.delete({
          collection: entries,
          id: record.id,
          expectedVersion: record.version,
        });
        const indexed = await records.get(leafIndex, String(record.data['leafId']));
        if (indexed !== undefined)
          await records.delete({
            collection: leafIndex,
            id: indexed.id,
            expectedVersion: indexed.version,
          });
      }
      for (const record of laterCheckpoints)
        await records.delete({
          collection: checkpoints,
          id: record.id,
          expectedVersion: record.version,
        });
      await rewrite(records, head, {
        size: 8,
        root: older.data['root'] ?? '',
        border,
        checkpoint: older.data['checkpoint'] ?? '',
      });
    });

    // The database alone is consistent again: this is why the trusted checkpoint is needed.
    expect(unwrapOrThrow(await harness.log.verify(harness.tenantId)).treeSize).toBe(8);
    expect(await verifyError(harness, trusted)).toEqual({
      type: 'audit.verification_failed',
      reason: 'truncated',
      firstBadIndex: 8,
    });
  });

  it('reports a forged head checkpoint (an edited size) as a bad signature', async () => {
    const head = await headRecord(harness);
    const note = String(head.data['checkpoint']);
    const forged = note.replace('\n20\n', '\n21\n');
    expect(forged).not.toBe(note);
    await tamper(harness.storage, harness.tenantId, (records) =>
      rewrite(records, head, { ...head.data, checkpoint: forged }),
    );
    expect(await verifyError(harness)).toEqual({
      type: 'audit.verification_failed',
      reason: 'checkpoint_signature',
      firstBadIndex: null,
    });
  });

  it('reports a head whose size or root disagrees with its genuine checkpoint', async () => {
    const head = await headRecord(harness);
    // Size 16 with a well-formed one-hash border for it, under the genuine size-20 checkpoint.
    const border = (head.data['border'] as string[]).slice(0, 1);
    await tamper(harness.storage, harness.tenantId, (records) =>
      rewrite(records, head, { ...head.data, size: 16, border }),
    );
    expect(await verifyError(harness)).toEqual({
      type: 'audit.verification_failed',
      reason: 'head_mismatch',
      firstBadIndex: null,
    });
    const edited = await headRecord(harness);
    await tamper(harness.storage, harness.tenantId, (records) =>
      rewrite(records, edited, { ...head.data, root: 'cd'.repeat(32) }),
    );
    expect(await verifyError(harness)).toMatchObject({ reason: 'head_mismatch' });
  });

  it('reports a head border that the entries do not produce, which the next batch would extend', async () => {
    const head = await headRecord(harness);
    const border = (head.data['border'] as string[]).map(() => 'ef'.repeat(32));
    await tamper(harness.storage, harness.tenantId, (records) =>
      rewrite(records, head, { ...head.data, border }),
    );
    expect(await verifyError(harness)).toEqual({
      type: 'audit.verification_failed',
      reason: 'head_mismatch',
      firstBadIndex: null,
    });
  });

  it.each([
    ['a size its border does not fit', { size: 21 }],
    ['a border that is not hex', { border: ['zz', 'zz'] }],
    ['no border', { border: null }],
    ['a root that is not hex', { root: 'not a hash' }],
    ['a size that is not a number', { size: 'twenty' }],
  ])('reports a head record edited into %s, rather than throwing', async (_, patch) => {
    const head = await headRecord(harness);
    await tamper(harness.storage, harness.tenantId, (records) =>
      rewrite(records, head, { ...head.data, ...patch }),
    );
    expect(await verifyError(harness)).toMatchObject({
      reason: 'head_mismatch',
      firstBadIndex: null,
    });
  });

  it('reports a stored checkpoint root edited into something that is not a hash', async () => {
    const record = await getRecord(
      harness.storage,
      harness.tenantId,
      checkpoints,
      sequenceRecordId(8),
    );
    await tamper(harness.storage, harness.tenantId, (records) =>
      rewrite(records, record, { ...record.data, root: 'zz' }),
    );
    expect(await verifyError(harness)).toMatchObject({
      reason: 'checkpoint_mismatch',
      firstBadIndex: 0,
    });
  });

  it('refuses a trusted checkpoint that is not signed by the log', async () => {
    const note = (await latestOpened(harness)).note.replace('\n20\n', '\n2\n');
    expect(await verifyError(harness, note)).toMatchObject({ reason: 'checkpoint_signature' });
  });

  it('reports any single-bit change to any stored entry at that entry', async () => {
    const all = await listRecords(harness.storage, harness.tenantId, entries);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 19 }), fc.nat(), async (index, bit) => {
        const target = await entry(harness, index);
        const bytes = utf8ToBytes(String(target.data['leaf']));
        const position = Math.floor(bit / 8) % bytes.length;
        bytes[position] = (bytes[position] ?? 0) ^ (1 << (bit % 8));
        const flipped = new TextDecoder().decode(bytes);
        await tamper(harness.storage, harness.tenantId, (records) =>
          rewrite(records, target, { ...target.data, leaf: flipped }),
        );
        expect(await verifyError(harness)).toEqual({
          type: 'audit.verification_failed',
          reason: 'entry_mismatch',
          firstBadIndex: index,
        });
        const restored = await entry(harness, index);
        await tamper(harness.storage, harness.tenantId, (records) =>
          rewrite(records, restored, all[index]?.data ?? {}),
        );
      }),
      { numRuns: 40 },
    );
    expect(unwrapOrThrow(await harness.log.verify(harness.tenantId)).treeSize).toBe(20);
  });
});
