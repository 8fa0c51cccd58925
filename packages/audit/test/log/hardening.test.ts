import { ok, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_COLLECTIONS,
  checkAuditEntryInput,
  guardAgainstSecrets,
  sequenceRecordId,
  startAuditSequencer,
} from '../../src/index.js';
import {
  appendMany,
  createHarness,
  drain,
  entryInput,
  getRecord,
  tamper,
} from './audit-fixture.js';

const VISA = '4111111111111111';

describe('hardening of entries', () => {
  it('refuses a card number in an identifier, without echoing it', () => {
    for (const input of [
      entryInput(1, { resource: { type: 'card', id: `tok-${VISA}` } }),
      entryInput(2, { actor: { type: 'service', id: '4111-1111-1111-1111' } }),
      entryInput(3, { correlationId: `c${VISA}` }),
    ]) {
      const refused = checkAuditEntryInput(input)._unsafeUnwrapErr();
      expect(refused).toMatchObject({ type: 'audit.secret_in_details', reason: 'card_number' });
      expect(JSON.stringify(refused)).not.toContain('1111');
    }
  });

  it('refuses an email as the data subject id, which would outlive erasure', () => {
    const input = entryInput(1, {
      personal: { subjectId: 'zoe@example.org', fields: { email: 'zoe@example.org' } },
    });
    expect(checkAuditEntryInput(input)._unsafeUnwrapErr()).toEqual({
      type: 'audit.invalid_entry',
      field: 'personal.subjectId',
      reason: 'looks_like_email',
    });
  });

  it.each(['privatekey', 'authtoken', 'PANNumber', 'clientsecret', 'refreshtoken'])(
    'refuses the one-word secret name %s',
    (key) => {
      expect(guardAgainstSecrets({ [key]: 'x' })._unsafeUnwrapErr()).toMatchObject({
        reason: 'secret_key_name',
      });
    },
  );
});

describe('hardening of verification and proofs', () => {
  it('verifies a log that was never sequenced as the empty tree', async () => {
    const harness = createHarness();
    expect(unwrapOrThrow(await harness.log.verify(harness.tenantId)).treeSize).toBe(0);
  });

  it('reports an entry in a log whose head is missing', async () => {
    const harness = createHarness();
    await appendMany(harness, 2);
    await drain(harness);
    await tamper(harness.storage, harness.tenantId, async (records) => {
      const head = await records.get(AUDIT_COLLECTIONS.tree, 'head');
      await records.delete({
        collection: AUDIT_COLLECTIONS.tree,
        id: 'head',
        expectedVersion: head?.version ?? 1,
      });
    });
    expect((await harness.log.verify(harness.tenantId))._unsafeUnwrapErr()).toMatchObject({
      reason: 'truncated',
      firstBadIndex: 0,
    });
  });

  it('treats a stored checkpoint beyond the head as a rolled-back head', async () => {
    const harness = createHarness({ batchSize: 2 });
    await appendMany(harness, 2);
    await drain(harness);
    const oldHead = (
      await getRecord(harness.storage, harness.tenantId, AUDIT_COLLECTIONS.tree, 'head')
    ).data;
    await appendMany(harness, 2, 2);
    await drain(harness);
    await tamper(harness.storage, harness.tenantId, async (records) => {
      const head = await records.get(AUDIT_COLLECTIONS.tree, 'head');
      await records.put({
        collection: AUDIT_COLLECTIONS.tree,
        id: 'head',
        data: oldHead,
        expectedVersion: head?.version ?? 0,
      });
      for (const index of [2, 3]) {
        const entry = await records.get(AUDIT_COLLECTIONS.entries, sequenceRecordId(index));
        await records.delete({
          collection: AUDIT_COLLECTIONS.entries,
          id: sequenceRecordId(index),
          expectedVersion: entry?.version ?? 1,
        });
      }
    });
    expect((await harness.log.verify(harness.tenantId))._unsafeUnwrapErr()).toEqual({
      type: 'audit.verification_failed',
      reason: 'truncated',
      firstBadIndex: 2,
    });
  });

  it('answers a fractional tree size with a typed error, not an assertion', async () => {
    const harness = createHarness();
    const [leafId] = await appendMany(harness, 3);
    await drain(harness);
    expect(
      (
        await harness.log.inclusionProof(harness.tenantId, leafId as string, 2.5)
      )._unsafeUnwrapErr(),
    ).toMatchObject({
      type: 'audit.invalid_proof_request',
    });
    expect(
      (await harness.log.consistencyProof(harness.tenantId, 1.5, 3))._unsafeUnwrapErr(),
    ).toMatchObject({
      type: 'audit.invalid_proof_request',
    });
  });
});

describe('hardening of the background sequencer', () => {
  it('stops on a throw instead of crashing the host, and reports it', async () => {
    const harness = createHarness();
    const reported: unknown[] = [];
    const failure = new Error('tenant directory unavailable');
    const sequencer = startAuditSequencer(harness.log, {
      tenants: () => {
        throw failure;
      },
      intervalMs: 5,
      onFailure: (error) => reported.push(error),
    });
    await expect(sequencer.stop()).rejects.toBe(failure);
    expect(reported).toEqual([failure]);
    expect(
      unwrapOrThrow(
        await harness.storage.transaction(harness.tenantId, async () => ok('still usable')),
      ),
    ).toBe('still usable');
  });
});
