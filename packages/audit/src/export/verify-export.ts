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
import { inThreadLeafTree, type LeafTree, type LeafTreeFactory } from '../merkle/leaf-tree.js';
import { AUDIT_EXPORT_LINE_MAX_LENGTH, codeAt, entryLineBounds } from './export-entry-line.js';
import { AUDIT_EXPORT_FORMAT } from './export-log.js';
import { splitLines } from './split-lines.js';

/** Options of {@link verifyExport} and {@link verifyExportBytes}. */
export interface VerifyExportOptions {
  /** The RFC 6962 hashing to use; pass `nodeMerkleHasher` on Node for long exports. */
  readonly hasher?: MerkleHasher;
  /**
   * Where the leaves are hashed: in this thread with `hasher` (the default), or over worker
   * threads with `parallelLeafTree()` from `@strongroom/audit/node` (then `hasher` is unused).
   */
  readonly leafTree?: LeafTreeFactory;
}

function leafTreeOf(options: VerifyExportOptions): LeafTreeFactory {
  return options.leafTree ?? inThreadLeafTree(options.hasher ?? DEFAULT_MERKLE_HASHER);
}

/**
 * Verifies an export from {@link exportLog} offline, given as its lines: the header's checkpoint
 * must be signed by one of `verifiers`, the entries must be numbered 0, 1, 2, … with none missing
 * or extra, and their Merkle root must be the signed root. Needs no database — only the lines and
 * the log's vkey. For a file, {@link verifyExportBytes} reads its bytes without decoding them.
 */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  verifiers: readonly NoteVerifier[],
  options: VerifyExportOptions = {},
): Promise<Result<VerifiedLog, AuditVerificationError>> {
  const verifier = new ExportVerifier(verifiers, leafTreeOf(options));
  try {
    // A plain loop for in-memory lines: `for await` would cost a microtask per line.
    if (Symbol.iterator in lines) {
      for (const line of lines) {
        if (!verifier.readText(line)) break;
        const backlog = verifier.backlog();
        if (backlog !== undefined) await backlog;
      }
    } else {
      for await (const line of lines) {
        if (!verifier.readText(line)) break;
        await verifier.backlog();
      }
    }
    return await verifier.finish();
  } finally {
    await verifier.close();
  }
}

/**
 * {@link verifyExport} over the export's bytes in chunks of any size (a `fs.createReadStream`
 * without an encoding): lines are split and leaves hashed as bytes, with no text decoding, which
 * makes full verification several times faster than going through strings.
 */
export async function verifyExportBytes(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  verifiers: readonly NoteVerifier[],
  options: VerifyExportOptions = {},
): Promise<Result<VerifiedLog, AuditVerificationError>> {
  const verifier = new ExportVerifier(verifiers, leafTreeOf(options));
  try {
    const ended = await splitLines(paced(chunks, verifier), AUDIT_EXPORT_LINE_MAX_LENGTH, (line) =>
      verifier.readBytes(line),
    );
    if (ended === 'oversized') verifier.readOversized();
    return await verifier.finish();
  } finally {
    await verifier.close();
  }
}

// The chunks, each handed on only once the verifier's leaf tree can take more.
async function* paced(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  verifier: ExportVerifier,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    await verifier.backlog();
    yield chunk;
  }
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });
const SPACE = 0x20;
const TAB = 0x09;
const CARRIAGE_RETURN = 0x0d;

// Whether the first `length` codes of a line are nothing but spaces, tabs and carriage returns.
function isBlank(line: string | Uint8Array, length: number): boolean {
  for (let position = 0; position < length; position += 1) {
    const code = codeAt(line, position);
    if (code !== SPACE && code !== TAB && code !== CARRIAGE_RETURN) return false;
  }
  return true;
}

function parseHeader(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// The state of one verification, fed line by line, as text or as bytes.
class ExportVerifier {
  readonly #verifiers: readonly NoteVerifier[];
  readonly #treeFor: LeafTreeFactory;
  // Made once the header says how many leaves the signed tree has.
  #tree: LeafTree | undefined;
  #signed: { treeSize: number; rootHash: Uint8Array } | undefined;
  #failure: AuditVerificationError | undefined;

  constructor(verifiers: readonly NoteVerifier[], treeFor: LeafTreeFactory) {
    this.#verifiers = verifiers;
    this.#treeFor = treeFor;
  }

  // Takes one line as text; false once the export has failed.
  readText(line: string): boolean {
    if (line.length > AUDIT_EXPORT_LINE_MAX_LENGTH) return this.readOversized();
    if (isBlank(line, line.length)) return true;
    const tree = this.#tree;
    if (tree === undefined) return this.#readHeader(line);
    const bounds = entryLineBounds(line, line.length);
    if (bounds === undefined) return this.#fail('malformed_export', tree.size);
    if (!this.#admit(tree.size, bounds.index)) return false;
    tree.addLeafText(line.slice(bounds.leafStart, bounds.leafEnd));
    return true;
  }

  // Takes one line as bytes (without its newline); false once the export has failed.
  readBytes(line: Uint8Array): boolean {
    // A CRLF file: the carriage return is not part of the line.
    const length = line[line.length - 1] === CARRIAGE_RETURN ? line.length - 1 : line.length;
    if (isBlank(line, length)) return true;
    const tree = this.#tree;
    if (tree === undefined) {
      try {
        return this.#readHeader(textDecoder.decode(line.subarray(0, length)));
      } catch {
        return this.#fail('malformed_export', null);
      }
    }
    const bounds = entryLineBounds(line, length);
    if (bounds === undefined) return this.#fail('malformed_export', tree.size);
    if (!this.#admit(tree.size, bounds.index)) return false;
    tree.addLeaf(line.subarray(bounds.leafStart, bounds.leafEnd));
    return true;
  }

  // A line longer than any export writes: the file is corrupt where the next entry would be.
  readOversized(): false {
    return this.#fail('malformed_export', this.#tree === undefined ? null : this.#tree.size);
  }

  // Undefined while the leaf tree can take more; else a promise that settles when it can.
  backlog(): Promise<void> | undefined {
    return this.#tree?.backlog();
  }

  async finish(): Promise<Result<VerifiedLog, AuditVerificationError>> {
    if (this.#failure !== undefined) return err(this.#failure);
    const signed = this.#signed;
    const tree = this.#tree;
    if (signed === undefined || tree === undefined)
      return err(verificationFailed('malformed_export', null));
    if (tree.size < signed.treeSize) return err(verificationFailed('missing_entry', tree.size));
    if (!hashesEqual(await tree.root(), signed.rootHash))
      return err(verificationFailed('root_mismatch', null));
    return ok({ treeSize: signed.treeSize, rootHash: signed.rootHash });
  }

  async close(): Promise<void> {
    await this.#tree?.close();
  }

  // Whether the entry numbered `index` belongs next, after `size` leaves; checked before its leaf
  // is hashed, so a misplaced line fails without the work.
  #admit(size: number, index: number): boolean {
    if (index !== size) return this.#fail(index > size ? 'missing_entry' : 'entry_mismatch', size);
    if (index >= (this.#signed?.treeSize ?? 0)) return this.#fail('unexpected_entry', index);
    return true;
  }

  #readHeader(text: string): boolean {
    const parsed = parseHeader(text);
    if (parsed?.['format'] !== AUDIT_EXPORT_FORMAT || typeof parsed['checkpoint'] !== 'string') {
      return this.#fail('malformed_export', null);
    }
    const opened = openCheckpoint(parsed['checkpoint'], this.#verifiers);
    if (opened.isErr()) return this.#fail('checkpoint_signature', null);
    this.#signed = opened.value;
    this.#tree = this.#treeFor(opened.value.treeSize);
    return true;
  }

  #fail(reason: AuditVerificationReason, firstBadIndex: number | null): false {
    this.#failure = verificationFailed(reason, firstBadIndex);
    return false;
  }
}
