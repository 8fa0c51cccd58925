import { hexToBytes } from '@noble/hashes/utils.js';
import type { StorageTransaction } from '@strongroom/kernel';
import type { AuditEntry } from '../entry/audit-entry.js';
import { commitPersonalValue } from '../entry/personal-commitment.js';
import { AUDIT_COLLECTIONS } from './audit-collections.js';

/** Whether a personal value matches an entry's commitment, or `erased` once the subject is gone. */
export type PersonalValueCheck = 'matches' | 'differs' | 'erased';

/**
 * Checks a value someone holds (an email in a subject-access request) against an entry's
 * commitment. After erasure the salt is gone and no value can be checked: that is the point.
 */
export async function checkPersonalValue(
  tx: StorageTransaction,
  entry: AuditEntry,
  field: string,
  value: string,
): Promise<PersonalValueCheck> {
  const commitment = entry.personal?.commitments[field];
  if (entry.personal === null || commitment === undefined) return 'differs';
  const salt = await tx.records.get(AUDIT_COLLECTIONS.subjects, entry.personal.subjectId);
  if (salt === undefined) return 'erased';
  const recomputed = commitPersonalValue(
    hexToBytes(String(salt.data['salt'])),
    entry.id,
    field,
    value,
  );
  return recomputed === commitment ? 'matches' : 'differs';
}
