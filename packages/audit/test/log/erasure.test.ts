import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { err, ok, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_COLLECTIONS,
  type AuditEntry,
  checkPersonalValue,
  commitPersonalValue,
  eraseAuditSubject,
  exportLog,
  hashLeaf,
  openCheckpoint,
  verifyExport,
  verifyInclusion,
} from '../../src/index.js';
import {
  appendCommitted,
  createHarness,
  drain,
  entryInput,
  getRecord,
  type Harness,
  latestOpened,
  listRecords,
} from './audit-fixture.js';

const ALICE = { email: 'alice@example.com', name: 'Alice Liddell' };
const BOB = { email: 'bob@example.com' };

async function personalLog() {
  const harness = createHarness();
  const alice1 = await appendCommitted(
    harness,
    entryInput(1, { personal: { subjectId: 'usr_alice', fields: ALICE } }),
  );
  const bob = await appendCommitted(
    harness,
    entryInput(2, { personal: { subjectId: 'usr_bob', fields: BOB } }),
  );
  const alice2 = await appendCommitted(
    harness,
    entryInput(3, { personal: { subjectId: 'usr_alice', fields: { email: ALICE.email } } }),
  );
  const plain = await appendCommitted(harness, entryInput(4));
  await drain(harness);
  return {
    harness,
    ids: { alice1: alice1.leafId, bob: bob.leafId, alice2: alice2.leafId, plain: plain.leafId },
  };
}

async function entryOf(harness: Harness, leafId: string): Promise<AuditEntry> {
  const proof = unwrapOrThrow(await harness.log.inclusionProof(harness.tenantId, leafId));
  return JSON.parse(proof.leaf) as AuditEntry;
}

async function check(harness: Harness, leafId: string, field: string, value: string) {
  const entry = await entryOf(harness, leafId);
  return unwrapOrThrow(
    await harness.storage.transaction(harness.tenantId, async (tx) =>
      ok(await checkPersonalValue(tx, entry, field, value)),
    ),
  );
}

async function erase(harness: Harness, subjectId: string): Promise<boolean> {
  return unwrapOrThrow(
    await harness.storage.transaction(harness.tenantId, async (tx) =>
      ok(await eraseAuditSubject(tx, subjectId)),
    ),
  );
}

async function exportLines(harness: Harness): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of exportLog(harness.storage, harness.tenantId)) lines.push(line);
  return lines;
}

describe('personal data in audit entries', () => {
  it('stores salted commitments, never the values, in leaves, stored records and exports', async () => {
    const { harness, ids } = await personalLog();
    const stored = [
      ...(await listRecords(harness.storage, harness.tenantId, AUDIT_COLLECTIONS.entries)),
      ...(await listRecords(harness.storage, harness.tenantId, AUDIT_COLLECTIONS.checkpoints)),
    ].map((record) => JSON.stringify(record.data));
    const exported = await exportLines(harness);
    for (const text of [...stored, ...exported]) {
      for (const value of [ALICE.email, ALICE.name, BOB.email, 'alice@', 'Liddell']) {
        expect(text).not.toContain(value);
      }
    }
    const entry = await entryOf(harness, ids.alice1);
    expect(entry.personal?.subjectId).toBe('usr_alice');
    expect(Object.keys(entry.personal?.commitments ?? {}).sort()).toEqual(['email', 'name']);
    // The commitment is SHA-256(salt ‖ 0 ‖ entry id ‖ 0 ‖ field ‖ 0 ‖ value) under the subject's salt.
    const salt = await getRecord(
      harness.storage,
      harness.tenantId,
      AUDIT_COLLECTIONS.subjects,
      'usr_alice',
    );
    expect(entry.personal?.commitments['email']).toBe(
      commitPersonalValue(hexToBytes(String(salt.data['salt'])), entry.id, 'email', ALICE.email),
    );
  });

  it('makes two entries about the same value unlinkable to each other', async () => {
    const { harness, ids } = await personalLog();
    const [first, second] = [
      await entryOf(harness, ids.alice1),
      await entryOf(harness, ids.alice2),
    ];
    expect(first.personal?.commitments['email']).toMatch(/^[0-9a-f]{64}$/);
    expect(first.personal?.commitments['email']).not.toBe(second.personal?.commitments['email']);
  });

  it('tells whether a held value matches before erasure', async () => {
    const { harness, ids } = await personalLog();
    expect(await check(harness, ids.alice1, 'email', ALICE.email)).toBe('matches');
    expect(await check(harness, ids.alice1, 'name', ALICE.name)).toBe('matches');
    expect(await check(harness, ids.alice1, 'email', BOB.email)).toBe('differs');
    expect(await check(harness, ids.alice1, 'email', 'Alice@example.com')).toBe('differs');
    expect(await check(harness, ids.alice2, 'name', ALICE.name)).toBe('differs');
    expect(await check(harness, ids.plain, 'email', ALICE.email)).toBe('differs');
  });

  it('after erasure reports erased, keeps other subjects, and the log, proofs and export still verify', async () => {
    const { harness, ids } = await personalLog();
    const before = await latestOpened(harness);
    const leafBefore = unwrapOrThrow(
      await harness.log.inclusionProof(harness.tenantId, ids.alice1),
    ).leaf;

    expect(await erase(harness, 'usr_alice')).toBe(true);
    expect(await erase(harness, 'usr_alice')).toBe(false);

    for (const [leafId, field, value] of [
      [ids.alice1, 'email', ALICE.email],
      [ids.alice1, 'name', ALICE.name],
      [ids.alice2, 'email', ALICE.email],
    ] as const) {
      expect(await check(harness, leafId, field, value)).toBe('erased');
    }
    expect(await check(harness, ids.bob, 'email', BOB.email)).toBe('matches');

    // Erasure touched no entry: same leaf bytes, same signed checkpoint, everything verifies.
    expect(unwrapOrThrow(await harness.log.latestCheckpoint(harness.tenantId))).toBe(before.note);
    expect(unwrapOrThrow(await harness.log.verify(harness.tenantId)).treeSize).toBe(4);
    const verifiers = harness.log.signers(harness.tenantId).map((signer) => signer.verifier);
    const root = unwrapOrThrow(openCheckpoint(before.note, verifiers)).rootHash;
    for (const leafId of Object.values(ids)) {
      const proof = unwrapOrThrow(await harness.log.inclusionProof(harness.tenantId, leafId));
      if (leafId === ids.alice1) expect(proof.leaf).toBe(leafBefore);
      const verified = verifyInclusion({
        leafIndex: proof.index,
        treeSize: proof.treeSize,
        leafHash: hashLeaf(utf8ToBytes(proof.leaf)),
        proof: proof.proof.map((hash) => hexToBytes(hash)),
        root,
      });
      expect(verified.isOk()).toBe(true);
    }
    expect(unwrapOrThrow(await verifyExport(await exportLines(harness), verifiers)).treeSize).toBe(
      4,
    );
  });

  it('keeps the salt when the erasing transaction rolls back', async () => {
    const { harness, ids } = await personalLog();
    const rolledBack = await harness.storage.transaction(harness.tenantId, async (tx) => {
      expect(await eraseAuditSubject(tx, 'usr_alice')).toBe(true);
      return err({ type: 'app.erasure_refused' as const });
    });
    expect(rolledBack.isErr()).toBe(true);
    expect(await check(harness, ids.alice1, 'email', ALICE.email)).toBe('matches');
  });

  it('does not relink erased entries when the subject id comes back', async () => {
    const { harness, ids } = await personalLog();
    await erase(harness, 'usr_alice');
    const later = await appendCommitted(
      harness,
      entryInput(5, { personal: { subjectId: 'usr_alice', fields: { email: ALICE.email } } }),
    );
    await drain(harness);
    expect(await check(harness, later.leafId, 'email', ALICE.email)).toBe('matches');
    // A fresh salt was drawn: the erased entry's commitment still links to no value.
    expect(await check(harness, ids.alice1, 'email', ALICE.email)).not.toBe('matches');
    expect(unwrapOrThrow(await harness.log.verify(harness.tenantId)).treeSize).toBe(5);
  });
});
