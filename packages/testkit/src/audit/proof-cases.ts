import { hexToBytes } from '@noble/hashes/utils.js';
import {
  AUDIT_COLLECTIONS,
  openCheckpoint,
  verifyAuditInclusionProof,
  verifyConsistency,
} from '@strongroom/audit';
import { unwrapOrThrow } from '@strongroom/kernel';
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

/** Every stored checkpoint is signed, and every leaf and size pair has a proof that verifies. */
export function defineProofCases(context: AuditSuiteContext): void {
  it('serves inclusion and consistency proofs that verify against every signed checkpoint', async () => {
    const storage = context.storage();
    const log = auditLogOn(storage);
    const tenantId = freshTenantId();
    const leafIds: string[] = [];
    for (const count of [3, 30, 7]) {
      leafIds.push(...(await appendEntries(log, storage, tenantId, count, `p${leafIds.length}-`)));
      await drain(log, tenantId);
    }
    const verifiers = log.signers(tenantId).map((signer) => signer.verifier);
    const checkpoints = await Promise.all(
      (await listIds(storage, tenantId, AUDIT_COLLECTIONS.checkpoints)).map(async (id) =>
        unwrapOrThrow(
          openCheckpoint(
            String(
              (await readData(storage, tenantId, AUDIT_COLLECTIONS.checkpoints, id))['checkpoint'],
            ),
            verifiers,
          ),
        ),
      ),
    );
    expect(checkpoints.at(-1)?.treeSize).toBe(40);
    for (const checkpoint of checkpoints) {
      for (const leafId of leafIds
        .slice(0, checkpoint.treeSize)
        .filter((_, index) => index % 3 === 0)) {
        const proof = unwrapOrThrow(
          await log.inclusionProof(tenantId, leafId, checkpoint.treeSize),
        );
        const verified = verifyAuditInclusionProof(proof, checkpoint.rootHash);
        expect(verified.isOk(), `leaf ${proof.index} in ${checkpoint.treeSize}`).toBe(true);
      }
    }
    for (const older of checkpoints) {
      for (const newer of checkpoints.filter((candidate) => candidate.treeSize > older.treeSize)) {
        const proof = unwrapOrThrow(
          await log.consistencyProof(tenantId, older.treeSize, newer.treeSize),
        );
        const verified = verifyConsistency({
          size1: older.treeSize,
          size2: newer.treeSize,
          proof: proof.map((hash) => hexToBytes(hash)),
          root1: older.rootHash,
          root2: newer.rootHash,
        });
        expect(verified.isOk(), `${older.treeSize} → ${newer.treeSize}`).toBe(true);
      }
    }
  });
}
