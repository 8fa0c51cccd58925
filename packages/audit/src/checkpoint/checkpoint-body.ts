import { assert, err, ok, type Result } from '@strongroom/kernel';
import { decodeBase64, encodeBase64 } from './base64.js';
import { type CheckpointError, malformedCheckpoint } from './checkpoint-error.js';
import { isValidKeyName } from './key-name.js';
import { checkNoteCharacters } from './note-text.js';
import { SIGNED_NOTE_BYTES_MAX } from './signed-note.js';

/** The length of an RFC 6962 (SHA-256) root hash in bytes. */
export const ROOT_HASH_BYTES = 32;

/**
 * The largest tree size read or written: 2^53 − 1, the largest integer a JavaScript `number`
 * holds exactly. At a million leaves a second that is 285 years of log, so sizes stay `number`s
 * and checkpoints with larger sizes are refused as `tree_size_too_large`.
 */
export const CHECKPOINT_TREE_SIZE_MAX = Number.MAX_SAFE_INTEGER;

/** The three mandatory lines of a checkpoint (C2SP tlog-checkpoint v1.0.0). */
export interface CheckpointBody {
  /** The log's identity, a schema-less URL without white space or `+`; its key name should match. */
  readonly origin: string;
  /** The number of leaves in the tree. */
  readonly treeSize: number;
  /** The RFC 6962 Merkle tree hash of those leaves, 32 bytes. */
  readonly rootHash: Uint8Array;
}

/** A checkpoint body read from text, with the optional extension lines other logs may add. */
export interface ParsedCheckpointBody extends CheckpointBody {
  /** Lines after the root hash, opaque and non-empty; v1.0.0 allows them but does not recommend them. */
  readonly extensionLines: readonly string[];
  /** The exact text parsed, which is what signatures cover. */
  readonly text: string;
}

/**
 * Formats a checkpoint body, `<origin>\n<tree size>\n<base64 root hash>\n`, with no extension lines
 * (they are NOT RECOMMENDED: monitors cannot audit them). Invalid fields are a programmer error
 * and throw.
 */
export function formatCheckpointBody(body: CheckpointBody): string {
  const { origin, treeSize, rootHash } = body;
  assert(isValidKeyName(origin), 'a checkpoint origin must be non-empty without white space or +');
  assert(
    Number.isSafeInteger(treeSize) && treeSize >= 0,
    'a tree size is a non-negative safe integer',
  );
  assert(
    rootHash instanceof Uint8Array && rootHash.length === ROOT_HASH_BYTES,
    'a root hash has 32 bytes',
  );
  return `${origin}\n${treeSize.toString()}\n${encodeBase64(rootHash)}\n`;
}

const CANONICAL_DECIMAL = /^(?:0|[1-9][0-9]*)$/;

// 2^53 − 1 has 16 digits; anything longer is out of range without converting it.
const TREE_SIZE_MAX_DIGITS = 16;

/**
 * Parses a checkpoint body. The origin must be a valid key name (no white space, `+` or control
 * characters: stricter than the spec's SHOULD, so an origin can always be a key name), the size a
 * decimal without sign or leading zeros up to {@link CHECKPOINT_TREE_SIZE_MAX}, the root hash
 * canonical base64 of 32 bytes, and any extension lines non-empty.
 */
export function parseCheckpointBody(text: string): Result<ParsedCheckpointBody, CheckpointError> {
  if (typeof text !== 'string' || text.length > SIGNED_NOTE_BYTES_MAX) {
    return err(malformedCheckpoint('too_large'));
  }
  const characterProblem = checkNoteCharacters(text);
  if (characterProblem !== undefined) return err(malformedCheckpoint(characterProblem));
  if (!text.endsWith('\n')) return err(malformedCheckpoint('missing_final_newline'));
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeLine, rootLine, ...extensionLines] = lines;
  if (origin === undefined || sizeLine === undefined || rootLine === undefined) {
    return err(malformedCheckpoint('too_few_lines'));
  }
  if (!isValidKeyName(origin)) return err(malformedCheckpoint('bad_origin'));
  if (!CANONICAL_DECIMAL.test(sizeLine)) return err(malformedCheckpoint('bad_tree_size'));
  const treeSize = sizeLine.length > TREE_SIZE_MAX_DIGITS ? Number.NaN : Number(sizeLine);
  if (Number.isNaN(treeSize) || treeSize > CHECKPOINT_TREE_SIZE_MAX) {
    return err(malformedCheckpoint('tree_size_too_large'));
  }
  const rootHash = decodeBase64(rootLine);
  if (rootHash === undefined) return err(malformedCheckpoint('bad_root_hash'));
  if (rootHash.length !== ROOT_HASH_BYTES) return err(malformedCheckpoint('bad_root_hash_length'));
  if (extensionLines.some((line) => line.length === 0)) {
    return err(malformedCheckpoint('empty_extension_line'));
  }
  return ok({ origin, treeSize, rootHash, extensionLines, text });
}
