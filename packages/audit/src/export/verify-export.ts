import { err, ok, type Result } from '@strongroom/kernel';
import type { NoteVerifier } from '../checkpoint/note-verifier.js';
import { openCheckpoint } from '../checkpoint/open-checkpoint.js';
import {
  type AuditVerificationError,
  verificationFailed,
} from '../log/audit-verification-error.js';
import type { VerifiedLog } from '../log/verify-log.js';
import {
  appendLeaves,
  type CompactRange,
  EMPTY_COMPACT_RANGE,
  rootOf,
} from '../merkle/compact-range.js';
import { encodeUtf8 } from '../merkle/encode-utf8.js';
import { DEFAULT_MERKLE_HASHER, hashesEqual, type MerkleHasher } from '../merkle/hashing.js';
import { AUDIT_EXPORT_FORMAT } from './export-log.js';

// Leaves are hashed in batches: appending many at once costs fewer allocations than one by one.
const HASH_BATCH = 1024;

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies an export from {@link exportLog} offline: the header's checkpoint must be signed by one
 * of `verifiers`, the entries must be numbered 0, 1, 2, … with none missing or extra, and their
 * Merkle root must be the signed root. Needs no database — only the file and the log's vkey.
 */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  verifiers: readonly NoteVerifier[],
  options: { readonly hasher?: MerkleHasher } = {},
): Promise<Result<VerifiedLog, AuditVerificationError>> {
  const hasher = options.hasher ?? DEFAULT_MERKLE_HASHER;
  let signed: { treeSize: number; rootHash: Uint8Array } | undefined;
  let range: CompactRange = EMPTY_COMPACT_RANGE;
  let pending: Uint8Array[] = [];
  const flush = () => {
    range = appendLeaves(range, pending, hasher).state;
    pending = [];
  };
  let count = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = parseLine(line);
    if (parsed === undefined)
      return err(verificationFailed('malformed_export', signed === undefined ? null : count));
    if (signed === undefined) {
      if (parsed['format'] !== AUDIT_EXPORT_FORMAT || typeof parsed['checkpoint'] !== 'string') {
        return err(verificationFailed('malformed_export', null));
      }
      const opened = openCheckpoint(parsed['checkpoint'], verifiers);
      if (opened.isErr()) return err(verificationFailed('checkpoint_signature', null));
      signed = opened.value;
      continue;
    }
    if (typeof parsed['leaf'] !== 'string' || typeof parsed['index'] !== 'number') {
      return err(verificationFailed('malformed_export', count));
    }
    if (parsed['index'] !== count) {
      return err(
        verificationFailed(parsed['index'] > count ? 'missing_entry' : 'entry_mismatch', count),
      );
    }
    if (count >= signed.treeSize) return err(verificationFailed('unexpected_entry', count));
    pending.push(hasher.hashLeaf(encodeUtf8(parsed['leaf'])));
    if (pending.length === HASH_BATCH) flush();
    count += 1;
  }
  if (signed === undefined) return err(verificationFailed('malformed_export', null));
  flush();
  if (count < signed.treeSize) return err(verificationFailed('missing_entry', count));
  if (!hashesEqual(rootOf(range, hasher), signed.rootHash))
    return err(verificationFailed('root_mismatch', null));
  return ok({ treeSize: signed.treeSize, rootHash: signed.rootHash });
}
