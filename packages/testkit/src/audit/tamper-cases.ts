import { AUDIT_COLLECTIONS, sequenceRecordId } from '@strongroom/audit';
import type { TenantId } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import { listIds } from '../storage/storage-suite-context.js';
import {
  type AuditSuiteContext,
  appendEntries,
  auditLogOn,
  drain,
  readData,
} from './audit-suite-context.js';

/** Tampering below the port — plain SQL, raw DynamoDB items — is detected and located. */
export function defineTamperCases(context: AuditSuiteContext): void {
  async function sealedLog(entries: number) {
    const storage = context.storage();
    const log = auditLogOn(storage);
    const tenantId = freshTenantId();
    await appendEntries(log, storage, tenantId, entries);
    await drain(log, tenantId);
    expect((await log.verify(tenantId)).isOk()).toBe(true);
    return { storage, log, tenantId };
  }
  const entry = (
    storage: ReturnType<AuditSuiteContext['storage']>,
    tenantId: TenantId,
    index: number,
  ) => readData(storage, tenantId, AUDIT_COLLECTIONS.entries, sequenceRecordId(index));

  it('detects a changed entry and names it', async () => {
    const { storage, log, tenantId } = await sealedLog(10);
    const original = await entry(storage, tenantId, 6);
    const leaf = String(original['leaf']).replace('"outcome":"succeeded"', '"outcome":"failed"');
    await context
      .tamper()
      .replace(tenantId, AUDIT_COLLECTIONS.entries, sequenceRecordId(6), { ...original, leaf });
    expect((await log.verify(tenantId))._unsafeUnwrapErr()).toEqual({
      type: 'audit.verification_failed',
      reason: 'entry_mismatch',
      firstBadIndex: 6,
    });
  });

  it('detects a deleted entry and names it', async () => {
    const { storage, log, tenantId } = await sealedLog(10);
    await context.tamper().remove(tenantId, AUDIT_COLLECTIONS.entries, sequenceRecordId(3));
    expect((await log.verify(tenantId))._unsafeUnwrapErr()).toEqual({
      type: 'audit.verification_failed',
      reason: 'missing_entry',
      firstBadIndex: 3,
    });
    void storage;
  });

  it('detects an inserted entry', async () => {
    const { storage, log, tenantId } = await sealedLog(10);
    const copy = await entry(storage, tenantId, 2);
    await context.tamper().insert(tenantId, AUDIT_COLLECTIONS.entries, sequenceRecordId(10), copy);
    expect((await log.verify(tenantId))._unsafeUnwrapErr()).toEqual({
      type: 'audit.verification_failed',
      reason: 'unexpected_entry',
      firstBadIndex: 10,
    });
  });

  it('detects reordered entries and names the first', async () => {
    const { storage, log, tenantId } = await sealedLog(10);
    const [fourth, seventh] = [
      await entry(storage, tenantId, 4),
      await entry(storage, tenantId, 7),
    ];
    await context
      .tamper()
      .replace(tenantId, AUDIT_COLLECTIONS.entries, sequenceRecordId(4), seventh);
    await context
      .tamper()
      .replace(tenantId, AUDIT_COLLECTIONS.entries, sequenceRecordId(7), fourth);
    expect((await log.verify(tenantId))._unsafeUnwrapErr()).toEqual({
      type: 'audit.verification_failed',
      reason: 'entry_mismatch',
      firstBadIndex: 4,
    });
  });

  it('detects a tail cut back to an older signed state, against a checkpoint held outside', async () => {
    const storage = context.storage();
    const log = auditLogOn(storage);
    const tenantId = freshTenantId();
    await appendEntries(log, storage, tenantId, 5, 'old');
    await drain(log, tenantId);
    const oldHead = await readData(storage, tenantId, AUDIT_COLLECTIONS.tree, 'head');
    await appendEntries(log, storage, tenantId, 5, 'new');
    await drain(log, tenantId);
    const published = (await log.latestCheckpoint(tenantId))._unsafeUnwrap() ?? '';
    // The attacker removes the tail and everything that mentions it, and restores the old head,
    // whose checkpoint is genuinely signed: the database alone now describes a consistent log.
    for (let index = 5; index < 10; index += 1)
      await context.tamper().remove(tenantId, AUDIT_COLLECTIONS.entries, sequenceRecordId(index));
    for (const id of await listIds(storage, tenantId, AUDIT_COLLECTIONS.checkpoints)) {
      if (Number(id) > 5)
        await context.tamper().remove(tenantId, AUDIT_COLLECTIONS.checkpoints, id);
    }
    await context.tamper().replace(tenantId, AUDIT_COLLECTIONS.tree, 'head', oldHead);
    expect((await log.verify(tenantId))._unsafeUnwrap().treeSize).toBe(5);
    expect(
      (await log.verify(tenantId, { trustedCheckpoint: published }))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'audit.verification_failed',
      reason: 'truncated',
      firstBadIndex: 5,
    });
  });

  it('refuses a head whose checkpoint was edited', async () => {
    const { storage, log, tenantId } = await sealedLog(4);
    const head = await readData(storage, tenantId, AUDIT_COLLECTIONS.tree, 'head');
    const forged = String(head['checkpoint']).replace('\n4\n', '\n3\n');
    await context
      .tamper()
      .replace(tenantId, AUDIT_COLLECTIONS.tree, 'head', { ...head, checkpoint: forged });
    expect((await log.verify(tenantId))._unsafeUnwrapErr()).toMatchObject({
      reason: 'checkpoint_signature',
    });
  });

  it('keeps tampering with one tenant’s log from affecting another’s', async () => {
    const first = await sealedLog(3);
    const other = freshTenantId();
    const otherLog = auditLogOn(first.storage);
    await appendEntries(otherLog, first.storage, other, 3);
    await drain(otherLog, other);
    await context.tamper().remove(first.tenantId, AUDIT_COLLECTIONS.entries, sequenceRecordId(1));
    expect((await first.log.verify(first.tenantId)).isErr()).toBe(true);
    expect((await otherLog.verify(other))._unsafeUnwrap().treeSize).toBe(3);
  });
}
