import type { StorageTransaction } from '@strongroom/kernel';
import { AUDIT_COLLECTIONS } from './audit-collections.js';

/**
 * Erases a data subject from the audit log (GDPR art. 17) without touching the log: deleting the
 * subject's salt turns every commitment to their personal values into an unlinkable string, while
 * the entries — and so the Merkle tree, the proofs and the signed checkpoints — stay byte for byte
 * as they were. Runs in the caller's transaction, beside the erasure of the subject's other data.
 * Returns whether the subject had a salt.
 */
export async function eraseAuditSubject(
  tx: StorageTransaction,
  subjectId: string,
): Promise<boolean> {
  const salt = await tx.records.get(AUDIT_COLLECTIONS.subjects, subjectId);
  if (salt === undefined) return false;
  await tx.records.delete({
    collection: AUDIT_COLLECTIONS.subjects,
    id: subjectId,
    expectedVersion: salt.version,
  });
  return true;
}
