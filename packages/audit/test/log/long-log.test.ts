import { PAGE_LIMIT_MAX, unwrapOrThrow } from '@strongroom/kernel';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_COLLECTIONS,
  type ExportEntryLine,
  exportLog,
  sequenceRecordId,
  TILE_WIDTH,
  verifyExport,
} from '../../src/index.js';
import {
  appendMany,
  createHarness,
  drain,
  getRecord,
  type Harness,
  integratedLeaves,
  naiveRoot,
  tamper,
} from './audit-fixture.js';

// More entries than one storage page (1,000) and one export hashing batch (1,024), so verification
// and export continue across pages and tiles; page 2 starts inside a tile (1,000 = 3 × 256 + 232).
const SIZE = 1100;

describe('a log longer than one page', () => {
  let harness: Harness;
  let leaves: string[];

  beforeAll(async () => {
    expect(SIZE).toBeGreaterThan(PAGE_LIMIT_MAX);
    expect(PAGE_LIMIT_MAX % TILE_WIDTH).not.toBe(0);
    harness = createHarness();
    await appendMany(harness, SIZE);
    await drain(harness);
    leaves = await integratedLeaves(harness);
  });

  it('verifies, and exports a file that verifies offline, with the root of all its entries', async () => {
    const verified = unwrapOrThrow(await harness.log.verify(harness.tenantId));
    expect(verified.treeSize).toBe(SIZE);
    expect(Buffer.from(verified.rootHash)).toEqual(naiveRoot(leaves));
    const lines: string[] = [];
    for await (const line of exportLog(harness.storage, harness.tenantId)) lines.push(line);
    expect(lines).toHaveLength(SIZE + 1);
    expect((JSON.parse(lines.at(-1) ?? '') as ExportEntryLine)[0]).toBe(SIZE - 1);
    const verifiers = harness.log.signers(harness.tenantId).map((signer) => signer.verifier);
    expect(Buffer.from(unwrapOrThrow(await verifyExport(lines, verifiers)).rootHash)).toEqual(
      naiveRoot(leaves),
    );
  });

  it.each([999, 1000, 1050])(
    'names a changed entry %i on the second page exactly',
    async (index) => {
      const target = await getRecord(
        harness.storage,
        harness.tenantId,
        AUDIT_COLLECTIONS.entries,
        sequenceRecordId(index),
      );
      const original = target.data;
      const write = (data: typeof original, expectedVersion: number) =>
        tamper(harness.storage, harness.tenantId, async (records) => {
          await records.put({
            collection: target.collection,
            id: target.id,
            data,
            expectedVersion,
          });
        });
      await write(
        { ...original, leaf: String(original['leaf']).replace('EUR', 'GBP') },
        target.version,
      );
      expect((await harness.log.verify(harness.tenantId))._unsafeUnwrapErr()).toEqual({
        type: 'audit.verification_failed',
        reason: 'entry_mismatch',
        firstBadIndex: index,
      });
      await write(original, target.version + 1);
      expect(unwrapOrThrow(await harness.log.verify(harness.tenantId)).treeSize).toBe(SIZE);
    },
  );
});
