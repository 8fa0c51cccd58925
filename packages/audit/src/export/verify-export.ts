import { err, ok, type Result } from '@strongroom/kernel';
import type { NoteVerifier } from '../checkpoint/note-verifier.js';
import { openCheckpoint } from '../checkpoint/open-checkpoint.js';
import {
  type AuditVerificationError,
  type AuditVerificationReason,
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
  const verifier = new ExportVerifier(verifiers, options.hasher ?? DEFAULT_MERKLE_HASHER);
  // A plain loop for in-memory lines: `for await` would cost a microtask per line.
  if (Symbol.iterator in lines) {
    for (const line of lines) if (!verifier.read(line)) break;
  } else {
    for await (const line of lines) if (!verifier.read(line)) break;
  }
  return verifier.finish();
}

// The state of one verification, fed line by line.
class ExportVerifier {
  readonly #verifiers: readonly NoteVerifier[];
  readonly #hasher: MerkleHasher;
  readonly #tree: RootAccumulator;
  #signed: { treeSize: number; rootHash: Uint8Array } | undefined;
  #failure: AuditVerificationError | undefined;

  constructor(verifiers: readonly NoteVerifier[], hasher: MerkleHasher) {
    this.#verifiers = verifiers;
    this.#hasher = hasher;
    this.#tree = new RootAccumulator(hasher);
  }

  // Takes one line; false once the export has failed.
  read(line: string): boolean {
    if (line.trim() === '') return true;
    const parsed = parseLine(line);
    const signed = this.#signed;
    if (parsed === undefined)
      return this.#fail('malformed_export', signed === undefined ? null : this.#tree.size);
    if (signed === undefined) return this.#readHeader(parsed);
    const { index, leaf } = parsed;
    if (typeof leaf !== 'string' || typeof index !== 'number')
      return this.#fail('malformed_export', this.#tree.size);
    if (index !== this.#tree.size)
      return this.#fail(
        index > this.#tree.size ? 'missing_entry' : 'entry_mismatch',
        this.#tree.size,
      );
    if (index >= signed.treeSize) return this.#fail('unexpected_entry', index);
    this.#tree.push(this.#hasher.hashLeafText(leaf));
    return true;
  }

  finish(): Result<VerifiedLog, AuditVerificationError> {
    if (this.#failure !== undefined) return err(this.#failure);
    const signed = this.#signed;
    if (signed === undefined) return err(verificationFailed('malformed_export', null));
    if (this.#tree.size < signed.treeSize)
      return err(verificationFailed('missing_entry', this.#tree.size));
    if (!hashesEqual(this.#tree.root(), signed.rootHash))
      return err(verificationFailed('root_mismatch', null));
    return ok({ treeSize: signed.treeSize, rootHash: signed.rootHash });
  }

  #readHeader(parsed: Record<string, unknown>): boolean {
    if (parsed['format'] !== AUDIT_EXPORT_FORMAT || typeof parsed['checkpoint'] !== 'string') {
      return this.#fail('malformed_export', null);
    }
    const opened = openCheckpoint(parsed['checkpoint'], this.#verifiers);
    if (opened.isErr()) return this.#fail('checkpoint_signature', null);
    this.#signed = opened.value;
    return true;
  }

  #fail(reason: AuditVerificationReason, firstBadIndex: number | null): false {
    this.#failure = verificationFailed(reason, firstBadIndex);
    return false;
  }
}
