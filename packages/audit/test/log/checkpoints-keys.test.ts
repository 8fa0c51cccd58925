import { unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_COLLECTIONS,
  openCheckpoint,
  parseVerifierKey,
  tenantLogOrigin,
  tenantLogVerifiers,
} from '../../src/index.js';
import {
  appendMany,
  createHarness,
  drain,
  integratedLeaves,
  latestOpened,
  listRecords,
  naiveRoot,
  ORIGIN_PREFIX,
  SEED_NEW,
  SEED_OLD,
  tenant,
} from './audit-fixture.js';

describe('checkpoints', () => {
  it('signs the latest checkpoint with the right origin, size and root', async () => {
    const harness = createHarness({ batchSize: 5 });
    await appendMany(harness, 13);
    await drain(harness);
    const { opened } = await latestOpened(harness);
    expect(opened.origin).toBe(`${ORIGIN_PREFIX}/acme`);
    expect(harness.log.origin(harness.tenantId)).toBe(opened.origin);
    expect(opened.treeSize).toBe(13);
    expect(Buffer.from(opened.rootHash)).toEqual(naiveRoot(await integratedLeaves(harness)));
    expect(opened.signatures).toHaveLength(1);
  });

  it('keeps every batch checkpoint, each the root of the leaves before it', async () => {
    const harness = createHarness({ batchSize: 5 });
    await appendMany(harness, 13);
    await drain(harness);
    const leaves = await integratedLeaves(harness);
    const verifiers = harness.log.signers(harness.tenantId).map((signer) => signer.verifier);
    const stored = await listRecords(
      harness.storage,
      harness.tenantId,
      AUDIT_COLLECTIONS.checkpoints,
    );
    expect(stored.map((record) => Number(record.id))).toEqual([5, 10, 13]);
    for (const record of stored) {
      const opened = unwrapOrThrow(openCheckpoint(String(record.data['checkpoint']), verifiers));
      expect(opened.treeSize).toBe(Number(record.id));
      expect(Buffer.from(opened.rootHash)).toEqual(naiveRoot(leaves.slice(0, opened.treeSize)));
      expect(record.data['root']).toBe(Buffer.from(opened.rootHash).toString('hex'));
    }
  });

  it('publishes vkeys that parse back to verifiers of the same key', async () => {
    const harness = createHarness();
    await appendMany(harness, 2);
    await drain(harness);
    const [signer] = harness.log.signers(harness.tenantId);
    const verifier = unwrapOrThrow(parseVerifierKey(signer?.vkey ?? ''));
    expect(verifier.name).toBe(tenantLogOrigin(ORIGIN_PREFIX, harness.tenantId));
    const { note } = await latestOpened(harness);
    expect(openCheckpoint(note, [verifier]).isOk()).toBe(true);
  });
});

describe('tenants', () => {
  it('gives each tenant its own origin, key and tree', async () => {
    const storage = createMemoryStorage();
    const acme = createHarness({ storage, tenantId: tenant('acme') });
    const globex = { ...acme, tenantId: tenant('globex') };
    await appendMany(acme, 3);
    await appendMany(globex, 5, 100);
    await drain(acme);
    await drain(globex);

    expect(acme.log.origin(acme.tenantId)).toBe(`${ORIGIN_PREFIX}/acme`);
    expect(acme.log.origin(globex.tenantId)).toBe(`${ORIGIN_PREFIX}/globex`);
    const acmeKeys = acme.log.signers(acme.tenantId);
    const globexKeys = acme.log.signers(globex.tenantId);
    expect(acmeKeys[0]?.vkey).not.toBe(globexKeys[0]?.vkey);
    expect(acmeKeys.map((signer) => signer.vkey)).toEqual(
      tenantLogVerifiers(
        { originPrefix: ORIGIN_PREFIX, masterSeeds: [SEED_OLD] },
        acme.tenantId,
      ).map((verifier) => verifier.vkey),
    );

    const acmeCheckpoint = await latestOpened(acme);
    const globexCheckpoint = await latestOpened(globex);
    expect([acmeCheckpoint.opened.treeSize, globexCheckpoint.opened.treeSize]).toEqual([3, 5]);
    expect(acmeCheckpoint.opened.origin).toBe(`${ORIGIN_PREFIX}/acme`);
    expect(globexCheckpoint.opened.origin).toBe(`${ORIGIN_PREFIX}/globex`);
    // One tenant's key vouches for nothing of another's.
    const globexVerifiers = globexKeys.map((signer) => signer.verifier);
    expect(openCheckpoint(acmeCheckpoint.note, globexVerifiers).isErr()).toBe(true);
    expect(
      (
        await acme.log.verify(acme.tenantId, { trustedCheckpoint: globexCheckpoint.note })
      )._unsafeUnwrapErr(),
    ).toMatchObject({ reason: 'checkpoint_signature' });
    expect(unwrapOrThrow(await acme.log.verify(globex.tenantId)).treeSize).toBe(5);
  });
});

describe('key rotation', () => {
  it('signs with the new and old keys so either alone opens the checkpoint', async () => {
    const storage = createMemoryStorage();
    const before = createHarness({ storage, masterSeeds: [SEED_OLD] });
    await appendMany(before, 4);
    await drain(before);
    const oldNote = (await latestOpened(before)).note;

    const rotated = createHarness({ storage, masterSeeds: [SEED_NEW, SEED_OLD] });
    await appendMany(rotated, 3, 4);
    await drain(rotated);
    const [newKey, oldKey] = rotated.log.signers(rotated.tenantId).map((signer) => signer.verifier);
    if (newKey === undefined || oldKey === undefined) throw new Error('two keys expected');
    expect(newKey.vkey).not.toBe(oldKey.vkey);
    expect(newKey.name).toBe(oldKey.name);
    expect(oldKey.vkey).toBe(before.log.signers(before.tenantId)[0]?.vkey);

    const { note } = await latestOpened(rotated);
    for (const only of [newKey, oldKey]) {
      const opened = unwrapOrThrow(openCheckpoint(note, [only]));
      expect(opened.treeSize).toBe(7);
      expect(opened.signatures).toHaveLength(1);
      expect(opened.unverifiedSignatures).toHaveLength(1);
    }
    expect(unwrapOrThrow(openCheckpoint(note, [newKey, oldKey])).signatures).toHaveLength(2);
    // A checkpoint from before the rotation carries only the old key.
    expect(openCheckpoint(oldNote, [newKey]).isErr()).toBe(true);

    // Once the old seed is dropped, a log trusting only the new key still verifies the whole log,
    // and an earlier checkpoint can be held against it with the old key.
    const after = createHarness({ storage, masterSeeds: [SEED_NEW] });
    expect(unwrapOrThrow(await after.log.verify(after.tenantId)).treeSize).toBe(7);
    expect(
      unwrapOrThrow(await rotated.log.verify(rotated.tenantId, { trustedCheckpoint: oldNote }))
        .treeSize,
    ).toBe(7);
    // The previous key alone no longer vouches for a log signed only by the new one.
    await appendMany(after, 1, 7);
    await drain(after);
    expect((await before.log.verify(before.tenantId))._unsafeUnwrapErr()).toMatchObject({
      type: 'audit.verification_failed',
      reason: 'checkpoint_signature',
    });
  });
});
