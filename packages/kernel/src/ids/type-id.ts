import { err, ok, type Result } from 'neverthrow';
import { TypeID } from 'typeid-js';
import { type ValidationError, validationError } from '../errors/validation-error.js';

declare const idBrand: unique symbol;

/**
 * A type-prefixed, time-ordered identifier in the TypeID format (`acc_01h455vb4pex5vsknk084sn02q`):
 * a prefix naming the kind of thing, then a UUIDv7 in Crockford base32, so ids sort by creation.
 */
export type Id<Prefix extends string> = `${Prefix}_${string}` & { readonly [idBrand]: Prefix };

/** The id prefixes Strongroom mints, one per kind of record. Adding one is a deliberate act. */
export const ID_PREFIXES = {
  account: 'acc',
  transfer: 'trf',
  user: 'usr',
  device: 'dev',
  session: 'ses',
  event: 'evt',
  auditEntry: 'aud',
  token: 'tok',
  key: 'key',
  dispute: 'dsp',
  evidence: 'evd',
  hold: 'hld',
  batch: 'bat',
  request: 'req',
} as const;

/** One of {@link ID_PREFIXES}. */
export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

const PREFIX_PATTERN = /^[a-z]{2,16}$/;

/** Asserts a prefix is well formed; prefixes are code, not input, so a bad one is a bug. */
export function isValidIdPrefix(prefix: string): boolean {
  return PREFIX_PATTERN.test(prefix);
}

/** Parses an id from untrusted input and checks that it carries the expected prefix. */
export function parseId<Prefix extends string>(
  prefix: Prefix,
  input: unknown,
): Result<Id<Prefix>, ValidationError> {
  if (typeof input !== 'string') return err(validationError(`${prefix}Id`, 'not_a_string'));
  if (input.length > prefix.length + 27) return err(validationError(`${prefix}Id`, 'too_long'));
  if (!input.startsWith(`${prefix}_`)) return err(validationError(`${prefix}Id`, 'wrong_prefix'));
  try {
    const parsed = TypeID.fromString(input);
    if (parsed.getType() !== prefix) return err(validationError(`${prefix}Id`, 'wrong_prefix'));
    return ok(parsed.toString() as Id<Prefix>);
  } catch {
    return err(validationError(`${prefix}Id`, 'bad_format'));
  }
}
