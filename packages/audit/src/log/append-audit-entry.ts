import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import {
  type Clock,
  err,
  type IdGenerator,
  ok,
  type Result,
  type StorageTransaction,
} from '@strongroom/kernel';
import type { AuditEntry, AuditEntryInput } from '../entry/audit-entry.js';
import type { AuditEntryError } from '../entry/audit-error.js';
import { canonicalJson } from '../entry/canonical-json.js';
import { checkAuditEntryInput } from '../entry/parse-audit-entry.js';
import { commitPersonalValue, newSubjectSalt } from '../entry/personal-commitment.js';
import type { MerkleHasher } from '../merkle/hashing.js';
import { AUDIT_COLLECTIONS } from './audit-collections.js';

/** What an append returns: the leaf's id (for `waitForSequencing` and proofs) and its hash. */
export interface AuditReceipt {
  readonly leafId: AuditEntry['id'];
  readonly leafHash: string;
}

/** The ports an append needs besides the transaction. */
export interface AuditAppendContext {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly hasher: MerkleHasher;
}

async function subjectSalt(tx: StorageTransaction, subjectId: string): Promise<Uint8Array> {
  const existing = await tx.records.get(AUDIT_COLLECTIONS.subjects, subjectId);
  const stored = existing?.data['salt'];
  if (typeof stored === 'string') return hexToBytes(stored);
  const salt = newSubjectSalt();
  await tx.records.put({
    collection: AUDIT_COLLECTIONS.subjects,
    id: subjectId,
    data: { salt: bytesToHex(salt) },
    expectedVersion: 0,
  });
  return salt;
}

/**
 * Writes an audit leaf inside the caller's transaction, so the change and its record commit
 * together or not at all. Each leaf is its own record, keyed by its time-ordered id: concurrent
 * appends never touch a shared row, and the sequencer orders them after commit.
 */
export async function appendAuditEntry(
  tx: StorageTransaction,
  input: AuditEntryInput,
  context: AuditAppendContext,
): Promise<Result<AuditReceipt, AuditEntryError>> {
  const checked = checkAuditEntryInput(input);
  if (checked.isErr()) return err(checked.error);
  const id = context.ids.next('aud');
  let personal: AuditEntry['personal'] = null;
  if (input.personal !== undefined) {
    const salt = await subjectSalt(tx, input.personal.subjectId);
    const commitments = Object.fromEntries(
      Object.entries(input.personal.fields).map(([field, value]) => [
        field,
        commitPersonalValue(salt, id, field, value),
      ]),
    );
    personal = { subjectId: input.personal.subjectId, commitments };
  }
  const entry: AuditEntry = {
    formatVersion: 1,
    id,
    timestamp: context.clock.now().toISOString(),
    actor: { type: input.actor.type, id: input.actor.id },
    action: input.action,
    resource: { type: input.resource.type, id: input.resource.id },
    outcome: input.outcome,
    requestId: input.requestId ?? null,
    correlationId: input.correlationId ?? null,
    details: input.details ?? {},
    personal,
  };
  const leaf = canonicalJson(entry as never);
  await tx.records.put({
    collection: AUDIT_COLLECTIONS.pending,
    id,
    data: { leaf },
    expectedVersion: 0,
  });
  return ok({ leafId: id, leafHash: bytesToHex(context.hasher.hashLeafText(leaf)) });
}
