import { AUDIT_COLLECTIONS } from '@strongroom/audit';
import { unwrapOrThrow } from '@strongroom/kernel';
import { expect } from 'vitest';
import { listRecords } from './scale-out-reads.js';
import type { ScaleOutRun } from './scale-out-run.js';

const AUDIT_PAGE = 100;

/**
 * Audit: nothing left unsequenced; the tree holds every leaf any process committed exactly once and
 * nothing else, and the whole log verifies against its signed checkpoint.
 */
export async function expectAuditInvariants(run: ScaleOutRun): Promise<void> {
  const { audit, storage } = run.strongroom;
  expect(await listRecords(storage, run.tenantId, AUDIT_COLLECTIONS.pending)).toEqual([]);
  const appended = [
    ...run.parentRecording.leafIds,
    ...run.reports.flatMap((report) => report.leafIds),
  ];
  expect(new Set(appended).size, 'a leaf id appended twice').toBe(appended.length);
  const sequenced: string[] = [];
  for (let from = 0; ; from += AUDIT_PAGE) {
    const page = unwrapOrThrow(await audit.entries(run.tenantId, from, AUDIT_PAGE));
    sequenced.push(...page.map((entry) => String(JSON.parse(entry.leaf).id)));
    if (page.length < AUDIT_PAGE) break;
  }
  expect(new Set(sequenced).size, 'a leaf sequenced twice').toBe(sequenced.length);
  expect([...sequenced].sort()).toEqual([...appended].sort());
  const verified = unwrapOrThrow(await audit.verify(run.tenantId));
  expect(verified.treeSize).toBe(appended.length);
}
