import { hexToBytes } from '@noble/hashes/utils.js';
import { ok, type StorageError, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_COLLECTIONS,
  type AuditEntry,
  type AuditLog,
  checkPersonalValue,
  type IntegratedBatch,
  openCheckpoint,
  startAuditSequencer,
  verifyConsistency,
} from '../../src/index.js';
import {
  appendCommitted,
  createHarness,
  drain,
  entryInput,
  expectCompleteLog,
  type Harness,
  listRecords,
  pendingCount,
} from './audit-fixture.js';

type IntegrateResult = Awaited<ReturnType<AuditLog['integrate']>>;

// Racing sequencers may lose every retry to the winner: a conflict is the only acceptable failure.
function integratedCount(results: readonly IntegrateResult[]): number {
  let total = 0;
  for (const result of results) {
    if (result.isErr()) expect(result.error.type).toBe('storage.conflict');
    else total += (result.value as IntegratedBatch).integrated;
  }
  return total;
}

async function appendConcurrently(harness: Harness, from: number, count: number) {
  const receipts = await Promise.all(
    Array.from({ length: count }, (_, offset) =>
      appendCommitted(harness, entryInput(from + offset)),
    ),
  );
  return receipts.map((receipt) => receipt.leafId);
}

// Every stored checkpoint extends the one before it: the log never forked.
async function expectNoFork(harness: Harness) {
  const verifiers = harness.log.signers(harness.tenantId).map((signer) => signer.verifier);
  const stored = await listRecords(
    harness.storage,
    harness.tenantId,
    AUDIT_COLLECTIONS.checkpoints,
  );
  const opened = stored.map((record) =>
    unwrapOrThrow(openCheckpoint(String(record.data['checkpoint']), verifiers)),
  );
  for (let i = 1; i < opened.length; i += 1) {
    const [older, newer] = [opened[i - 1], opened[i]];
    if (older === undefined || newer === undefined) throw new Error('unreachable');
    const proof = unwrapOrThrow(
      await harness.log.consistencyProof(harness.tenantId, older.treeSize, newer.treeSize),
    );
    const checked = verifyConsistency({
      size1: older.treeSize,
      size2: newer.treeSize,
      proof: proof.map((hash) => hexToBytes(hash)),
      root1: older.rootHash,
      root2: newer.rootHash,
    });
    expect(checked.isOk()).toBe(true);
  }
  return opened.length;
}

async function waitUntilIntegrated(harness: Harness, size: number): Promise<void> {
  // Polls the sequencers' progress; bounded, so a stuck sequencer fails the test instead of hanging.
  for (let round = 0; round < 2000; round += 1) {
    const note = unwrapOrThrow(await harness.log.latestCheckpoint(harness.tenantId));
    if (note !== null && note.split('\n')[1] === String(size)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`the sequencers did not reach ${size} leaves`);
}

describe('racing sequencers', () => {
  it('two logs on one storage integrating at once integrate every leaf exactly once', async () => {
    const storage = createMemoryStorage();
    const first = createHarness({ storage, batchSize: 4 });
    const second = createHarness({ storage, batchSize: 7 });
    const committed: string[] = [];
    let integrated = 0;
    for (let wave = 0; wave < 8; wave += 1) {
      committed.push(...(await appendConcurrently(first, wave * 10, 10)));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? first : second).log.integrate(first.tenantId),
        ),
      );
      integrated += integratedCount(results);
    }
    const rest = await drain(second);
    // No leaf was counted by two winning batches.
    expect(integrated + rest.reduce((total, size) => total + size, 0)).toBe(committed.length);
    await expectCompleteLog(first, committed);
    expect(await expectNoFork(first)).toBeGreaterThan(1);
  });

  it('many concurrent integrate calls of one log never integrate a leaf twice', async () => {
    const harness = createHarness({ batchSize: 3 });
    const committed = await appendConcurrently(harness, 0, 40);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => harness.log.integrate(harness.tenantId)),
    );
    const integrated = integratedCount(results);
    const rest = (await drain(harness)).reduce((total, size) => total + size, 0);
    expect(integrated + rest).toBe(40);
    await expectCompleteLog(harness, committed);
    await expectNoFork(harness);
  });

  it('two background sequencers on one storage keep up with concurrent appends', async () => {
    const storage = createMemoryStorage();
    const first = createHarness({ storage, batchSize: 5 });
    const second = createHarness({ storage, batchSize: 8 });
    const errors: StorageError[] = [];
    const tenants = (): readonly TenantId[] => [first.tenantId];
    const onError = (_: TenantId, error: StorageError) => errors.push(error);
    const sequencers = [
      startAuditSequencer(first.log, { tenants, intervalMs: 1, onError }),
      startAuditSequencer(second.log, { tenants, intervalMs: 2, batchesPerTenantMax: 2, onError }),
    ];
    const committed: string[] = [];
    try {
      for (let wave = 0; wave < 6; wave += 1) {
        committed.push(
          ...(await appendConcurrently(wave % 2 === 0 ? first : second, wave * 10, 10)),
        );
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await waitUntilIntegrated(first, committed.length);
    } finally {
      await Promise.all(sequencers.map((sequencer) => sequencer.stop()));
    }
    expect(errors).toEqual([]);
    await expectCompleteLog(first, committed);
    await expectNoFork(first);
  });

  it('integrates in the background until stopped, and nothing after', async () => {
    const harness = createHarness();
    await appendConcurrently(harness, 0, 4);
    const sequencer = startAuditSequencer(harness.log, {
      tenants: () => [harness.tenantId],
      intervalMs: 1,
    });
    await waitUntilIntegrated(harness, 4);
    await sequencer.stop();
    await appendConcurrently(harness, 4, 3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await pendingCount(harness)).toBe(3);
  });

  it('wakes from its pause to stop, without waiting out the interval', async () => {
    const harness = createHarness();
    await appendConcurrently(harness, 0, 2);
    const sequencer = startAuditSequencer(harness.log, {
      tenants: () => [harness.tenantId],
      // Longer than the test timeout: stop() would time the test out if it waited for the pause.
      intervalMs: 120_000,
    });
    await waitUntilIntegrated(harness, 2);
    await sequencer.stop();
    expect(await pendingCount(harness)).toBe(0);
  });
});

describe('concurrent appends', () => {
  it('50 concurrent transactions each appending never fork the log or leave a gap', async () => {
    const harness = createHarness({ batchSize: 16 });
    const committed: string[] = [];
    const appends = Promise.all(
      Array.from({ length: 50 }, async (_, n) => {
        const result = await harness.storage.transaction(harness.tenantId, async (tx) => {
          await tx.records.put({
            collection: 'app.transfers',
            id: `trf_${n}`,
            data: { n },
            expectedVersion: 0,
          });
          const receipt = await harness.log.append(tx, entryInput(n));
          return receipt.isOk() ? ok(receipt.value) : receipt;
        });
        committed.push(unwrapOrThrow(result).leafId);
      }),
    );
    // A sequencer runs while the appends commit.
    const racing = Promise.all(
      Array.from({ length: 5 }, () => harness.log.integrate(harness.tenantId)),
    );
    await appends;
    integratedCount(await racing);
    await drain(harness);
    expect(committed).toHaveLength(50);
    expect(await listRecords(harness.storage, harness.tenantId, 'app.transfers')).toHaveLength(50);
    await expectCompleteLog(harness, committed);
    await expectNoFork(harness);
  });

  it('concurrent appends about one new data subject all commit to the same salt', async () => {
    const harness = createHarness();
    const emails = Array.from({ length: 12 }, (_, n) => `person${n}@example.com`);
    const receipts = await Promise.all(
      emails.map((email, n) =>
        appendCommitted(
          harness,
          entryInput(n, { personal: { subjectId: 'usr_shared', fields: { email } } }),
        ),
      ),
    );
    expect(
      await listRecords(harness.storage, harness.tenantId, AUDIT_COLLECTIONS.subjects),
    ).toHaveLength(1);
    await drain(harness);
    await expectCompleteLog(
      harness,
      receipts.map((receipt) => receipt.leafId),
    );
    for (const [n, receipt] of receipts.entries()) {
      const proof = unwrapOrThrow(
        await harness.log.inclusionProof(harness.tenantId, receipt.leafId),
      );
      const entry = JSON.parse(proof.leaf) as AuditEntry;
      const checks = unwrapOrThrow(
        await harness.storage.transaction(harness.tenantId, async (tx) =>
          ok([
            await checkPersonalValue(tx, entry, 'email', emails[n] ?? ''),
            await checkPersonalValue(tx, entry, 'email', emails[(n + 1) % emails.length] ?? ''),
          ]),
        ),
      );
      expect(checks).toEqual(['matches', 'differs']);
    }
  });
});
