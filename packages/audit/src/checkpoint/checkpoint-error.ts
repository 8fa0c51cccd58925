import type { DomainError } from '@strongroom/kernel';

/** Why a checkpoint body was refused: a stable code to switch on. */
export type MalformedCheckpointReason =
  /** The text is longer than a signed note may be. */
  | 'too_large'
  /** The text holds a lone surrogate, so it has no UTF-8 form. */
  | 'bad_utf8'
  /** The text holds an ASCII control character other than newline. */
  | 'control_character'
  /** The text does not end with a newline. */
  | 'missing_final_newline'
  /** There are fewer than the three mandatory lines. */
  | 'too_few_lines'
  /** The origin is empty or holds white space, `+` or a control character. */
  | 'bad_origin'
  /** The size is not a plain decimal: `007`, `+1`, `-1`, `1e3`, ` 1`, `0x10`, … */
  | 'bad_tree_size'
  /** The size is a valid decimal above `CHECKPOINT_TREE_SIZE_MAX` (2^53 − 1). */
  | 'tree_size_too_large'
  /** The root hash is not canonical padded standard base64. */
  | 'bad_root_hash'
  /** The root hash does not decode to 32 bytes. */
  | 'bad_root_hash_length'
  /** An extension line is empty (the spec requires them non-empty). */
  | 'empty_extension_line';

/** A checkpoint body is not well formed. */
export interface MalformedCheckpointError extends DomainError<'checkpoint.malformed'> {
  readonly reason: MalformedCheckpointReason;
}

/** Every error reading a checkpoint body returns. */
export type CheckpointError = MalformedCheckpointError;

/** Builds a {@link MalformedCheckpointError}. */
export function malformedCheckpoint(reason: MalformedCheckpointReason): MalformedCheckpointError {
  return { type: 'checkpoint.malformed', reason };
}
