import { err, ok, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_BATCH_SIZE_DEFAULT,
  AUDIT_COLLECTIONS,
  createAuditLog,
  InMemoryCheckpointPublisher,
  integrateBatch,
  openCheckpoint,
} from '../../src/index.js';
import {
  appendMany,
  createHarness,
  drain,
  entryInput,
  expectCompleteLog,
  integratedLeafIds,
  listRecords,
  ORIGIN_PREFIX,
  pendingCount,
  SEED_OLD,
  tenant,
} from './audit-fixture.js';

describe('append and integrate', () => {
  it('integrates leaves from separate transactions gap-free, each exactly once', async () => {
    const harness = createHarness();
    const ids = await appendMany(harness, 10);
    expect(await pendingCount(harness)).toBe(10);
    expect(await drain(harness)).toEqual([10]);
    await expectCompleteLog(harness, ids);
    const more = await appendMany(harness, 7, 10);
    expect(await drain(harness)).toEqual([7]);
    await expectCompleteLog(harness, [...ids, ...more]);
    // The first batch keeps its positions when the tree grows.
    expect((await integratedLeafIds(harness)).slice(0, 10).sort()).toEqual([...ids].sort());
  });

  it('never integrates the leaf of a transaction that rolled back, by err or by throw', async () => {
    const harness = createHarness();
    const kept = await appendMany(harness, 3);
    let rolledBack = '';
    const refused = await harness.storage.transaction(harness.tenantId, async (tx) => {
      rolledBack = unwrapOrThrow(await harness.log.append(tx, entryInput(99))).leafId;
      return err({ type: 'app.refused' as const });
    });
    expect(refused._unsafeUnwrapErr()).toEqual({ type: 'app.refused' });
    let thrownLeaf = '';
    await expect(
      harness.storage.transaction(harness.tenantId, async (tx) => {
        thrownLeaf = unwrapOrThrow(await harness.log.append(tx, entryInput(98))).leafId;
        throw new Error('crash after append');
      }),
    ).rejects.toThrow('crash after append');
    expect(rolledBack).toMatch(/^aud_/);
    expect(thrownLeaf).toMatch(/^aud_/);

    expect(await drain(harness)).toEqual([3]);
    await expectCompleteLog(harness, kept);
    for (const leafId of [rolledBack, thrownLeaf]) {
      expect(
        (await harness.log.inclusionProof(harness.tenantId, leafId))._unsafeUnwrapErr(),
      ).toEqual({ type: 'audit.unknown_leaf', leafId });
    }
  });

  it('integrates nothing from an empty queue and signs no checkpoint', async () => {
    const harness = createHarness();
    expect(unwrapOrThrow(await harness.log.integrate(harness.tenantId))).toEqual({
      integrated: 0,
      treeSize: 0,
      checkpoint: null,
      publishFailure: null,
    });
    expect(unwrapOrThrow(await harness.log.latestCheckpoint(harness.tenantId))).toBeNull();
    await appendMany(harness, 2);
    await drain(harness);
    const before = unwrapOrThrow(await harness.log.latestCheckpoint(harness.tenantId));
    expect(unwrapOrThrow(await harness.log.integrate(harness.tenantId))).toEqual({
      integrated: 0,
      treeSize: 2,
      checkpoint: null,
      publishFailure: null,
    });
    expect(unwrapOrThrow(await harness.log.latestCheckpoint(harness.tenantId))).toBe(before);
    expect(
      await listRecords(harness.storage, harness.tenantId, AUDIT_COLLECTIONS.checkpoints),
    ).toHaveLength(1);
  });

  it('respects the batch size, signing and storing one checkpoint per batch', async () => {
    const publisher = new InMemoryCheckpointPublisher();
    const storage = createMemoryStorage();
    const log = createAuditLog({
      storage,
      signing: { originPrefix: ORIGIN_PREFIX, masterSeeds: [SEED_OLD] },
      batchSize: 4,
      publisher,
    });
    const harness = { storage, log, tenantId: tenant('acme') };
    const ids = await appendMany(harness, 10);
    const verifiers = log.signers(harness.tenantId).map((signer) => signer.verifier);
    const sizes: number[] = [];
    for (;;) {
      const batch = unwrapOrThrow(await log.integrate(harness.tenantId));
      if (batch.checkpoint === null) break;
      expect(batch.integrated).toBeLessThanOrEqual(4);
      const opened = unwrapOrThrow(openCheckpoint(batch.checkpoint, verifiers));
      expect(opened.treeSize).toBe(batch.treeSize);
      sizes.push(batch.treeSize);
    }
    expect(sizes).toEqual([4, 8, 10]);
    expect(publisher.history().map((note) => note.split('\n')[1])).toEqual(['4', '8', '10']);
    const stored = await listRecords(storage, harness.tenantId, AUDIT_COLLECTIONS.checkpoints);
    expect(stored.map((record) => Number(record.id))).toEqual([4, 8, 10]);
    expect(stored.map((record) => record.data['checkpoint'])).toEqual(publisher.history());
    await expectCompleteLog(harness, ids);
  });

  it(`integrates at most ${AUDIT_BATCH_SIZE_DEFAULT} leaves per batch by default`, async () => {
    const harness = createHarness();
    const ids = await appendMany(harness, 300);
    expect(await drain(harness)).toEqual([
      AUDIT_BATCH_SIZE_DEFAULT,
      300 - AUDIT_BATCH_SIZE_DEFAULT,
    ]);
    await expectCompleteLog(harness, ids);
  });

  it('lowers the batch size to what the storage commits at once, across tile boundaries', async () => {
    // 100 writes: 16 for the head, checkpoint and tiles, then 3 per leaf: (100 - 16) / 3 = 28.
    const harness = createHarness({ limits: { writesPerTransaction: 100 }, batchSize: 1000 });
    const ids = await appendMany(harness, 300);
    const batches = await drain(harness);
    expect(Math.max(...batches)).toBe(28);
    expect(batches.reduce((total, size) => total + size, 0)).toBe(300);
    expect(batches).toEqual([...Array(10).fill(28), 20]);
    await expectCompleteLog(harness, ids);
  });

  it('refuses a storage that cannot commit one leaf per batch', () => {
    const storage = createMemoryStorage({ limits: { writesPerTransaction: 18 } });
    expect(() =>
      createAuditLog({
        storage,
        signing: { originPrefix: ORIGIN_PREFIX, masterSeeds: [SEED_OLD] },
      }),
    ).toThrow();
  });

  it('integrates a leaf exactly once when a batch crashes before it commits', async () => {
    const harness = createHarness();
    const ids = await appendMany(harness, 5);
    const signers = harness.log.signers(harness.tenantId);
    await expect(
      harness.storage.transaction(harness.tenantId, async (tx) => {
        const batch = await integrateBatch(tx, {
          origin: harness.log.origin(harness.tenantId),
          signers,
          batchSize: 3,
        });
        expect(batch.integrated).toBe(3);
        throw new Error('sequencer crashed before commit');
      }),
    ).rejects.toThrow('sequencer crashed');
    const abandoned = await harness.storage.transaction(harness.tenantId, async (tx) => {
      await integrateBatch(tx, {
        origin: harness.log.origin(harness.tenantId),
        signers,
        batchSize: 2,
      });
      return err({ type: 'app.abandoned' as const });
    });
    expect(abandoned.isErr()).toBe(true);
    expect(await pendingCount(harness)).toBe(5);
    expect(await listRecords(harness.storage, harness.tenantId, AUDIT_COLLECTIONS.entries)).toEqual(
      [],
    );
    expect(await drain(harness)).toEqual([5]);
    await expectCompleteLog(harness, ids);
  });
});

describe('waitForSequencing', () => {
  it('integrates the leaf itself and tells its index', async () => {
    const harness = createHarness({ batchSize: 3 });
    const ids = await appendMany(harness, 8);
    const last = ids.at(-1) ?? '';
    const sequenced = unwrapOrThrow(await harness.log.waitForSequencing(harness.tenantId, last));
    expect(sequenced.leafId).toBe(last);
    const order = await integratedLeafIds(harness);
    expect(order[sequenced.index]).toBe(last);
    // An already sequenced leaf answers the same without integrating anything more.
    const first = ids[0] ?? '';
    const again = unwrapOrThrow(await harness.log.waitForSequencing(harness.tenantId, first));
    expect(order[again.index]).toBe(first);
    await drain(harness);
    await expectCompleteLog(harness, ids);
  });

  it('times out with a typed error for a leaf that does not exist', async () => {
    const harness = createHarness();
    await appendMany(harness, 2);
    const waited = await harness.log.waitForSequencing(harness.tenantId, 'aud_unknown', {
      timeoutMs: 30,
    });
    expect(waited._unsafeUnwrapErr()).toEqual({
      type: 'audit.sequencing_timeout',
      leafId: 'aud_unknown',
      waitedMs: 30,
    });
    // Waiting integrated what was pending meanwhile.
    expect(await pendingCount(harness)).toBe(0);
  });

  it('answers for a leaf committed in a transaction that also did other work', async () => {
    const harness = createHarness();
    const committed = await harness.storage.transaction(harness.tenantId, async (tx) => {
      await tx.records.put({
        collection: 'app.things',
        id: 't1',
        data: { a: 1 },
        expectedVersion: 0,
      });
      const receipt = await harness.log.append(tx, entryInput(1));
      return receipt.isOk() ? ok(receipt.value) : receipt;
    });
    const { leafId } = unwrapOrThrow(committed);
    expect(unwrapOrThrow(await harness.log.waitForSequencing(harness.tenantId, leafId))).toEqual({
      leafId,
      index: 0,
    });
  });
});
