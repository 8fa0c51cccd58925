import { err, ok, type Result } from '@strongroom/kernel';
import type { NoteVerifier } from '../checkpoint/note-verifier.js';
import { openCheckpoint } from '../checkpoint/open-checkpoint.js';
import {
  type AuditVerificationError,
  verificationFailed,
} from '../log/audit-verification-error.js';
import type { VerifiedLog } from '../log/verify-log.js';
import { DEFAULT_MERKLE_HASHER, hashesEqual, type MerkleHasher } from '../merkle/hashing.js';
import { RootAccumulator } from '../merkle/root-accumulator.js';
import { AUDIT_EXPORT_FORMAT } from './export-log.js';

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
 * Pass a native `hasher` (`nodeMerkleHasher`) for long exports.
 */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  verifiers: readonly NoteVerifier[],
  options: { readonly hasher?: MerkleHasher } = {},
): Promise<Result<VerifiedLog, AuditVerificationError>> {
  const hasher = options.hasher ?? DEFAULT_MERKLE_HASHER;
  const tree = new RootAccumulator(hasher);
  let signed: { treeSize: number; rootHash: Uint8Array } | undefined;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = parseLine(line);
    if (parsed === undefined)
      return err(verificationFailed('malformed_export', signed === undefined ? null : tree.size));
    if (signed === undefined) {
      if (parsed['format'] !== AUDIT_EXPORT_FORMAT || typeof parsed['checkpoint'] !== 'string') {
        return err(verificationFailed('malformed_export', null));
      }
      const opened = openCheckpoint(parsed['checkpoint'], verifiers);
      if (opened.isErr()) return err(verificationFailed('checkpoint_signature', null));
      signed = opened.value;
      continue;
    }
    const { index, leaf } = parsed;
    if (typeof leaf !== 'string' || typeof index !== 'number')
      return err(verificationFailed('malformed_export', tree.size));
    if (index !== tree.size)
      return err(
        verificationFailed(index > tree.size ? 'missing_entry' : 'entry_mismatch', tree.size),
      );
    if (index >= signed.treeSize) return err(verificationFailed('unexpected_entry', index));
    tree.push(hasher.hashLeafText(leaf));
  }
  if (signed === undefined) return err(verificationFailed('malformed_export', null));
  if (tree.size < signed.treeSize) return err(verificationFailed('missing_entry', tree.size));
  if (!hashesEqual(tree.root(), signed.rootHash))
    return err(verificationFailed('root_mismatch', null));
  return ok({ treeSize: signed.treeSize, rootHash: signed.rootHash });
}
