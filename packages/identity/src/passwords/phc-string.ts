import { assert } from '@strongroom/kernel';
import {
  ARGON2_SALT_BYTES_MAX,
  ARGON2_SALT_BYTES_MIN,
  ARGON2_TAG_BYTES_MAX,
  ARGON2_TAG_BYTES_MIN,
  type Argon2Parameters,
  isArgon2ParametersInRange,
} from './argon2-parameters.js';

/** An argon2id hash read from, or written to, a PHC string. */
export interface Argon2idHash {
  readonly parameters: Argon2Parameters;
  readonly salt: Uint8Array;
  /** The tag argon2id computed from the password and salt. */
  readonly hash: Uint8Array;
}

/** The longest PHC string read; the longest this package can write is about 220 characters. */
export const PHC_STRING_MAX_LENGTH = 256;

// The PHC string format: `$argon2id$v=19$m=…,t=…,p=…$salt$hash`, decimals without leading zeros,
// salt and hash in standard base64 without padding. Version 19 (0x13) is the only one RFC 9106
// defines; the older 16 is refused.
const ARGON2ID_PHC =
  /^\$argon2id\$v=19\$m=([1-9]\d{0,9}),t=([1-9]\d{0,9}),p=([1-9]\d{0,9})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Standard base64 without padding, as the PHC format writes bytes. */
function encodeUnpadded(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
}

/** Decodes unpadded standard base64 in its one canonical spelling (no stray low bits). */
function decodeUnpadded(
  text: string,
  minimumBytes: number,
  maximumBytes: number,
): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const binary = atob(text);
  if (binary.length < minimumBytes || binary.length > maximumBytes) return undefined;
  const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
  return encodeUnpadded(bytes) === text ? bytes : undefined;
}

/**
 * Reads an argon2id PHC string, or answers `undefined` for anything else: another algorithm or
 * version, parameters out of range, salt or hash of a length outside 16–64 bytes, a non-canonical
 * spelling. Strict, so that one hash has one spelling.
 */
export function parseArgon2idPhc(text: string): Argon2idHash | undefined {
  if (text.length > PHC_STRING_MAX_LENGTH) return undefined;
  const match = ARGON2ID_PHC.exec(text);
  if (match === null) return undefined;
  const [, memory, passes, parallelism, salt, hash] = match;
  const parameters = {
    memoryKib: Number(memory),
    passes: Number(passes),
    parallelism: Number(parallelism),
  };
  if (!isArgon2ParametersInRange(parameters) || salt === undefined || hash === undefined) {
    return undefined;
  }
  const saltBytes = decodeUnpadded(salt, ARGON2_SALT_BYTES_MIN, ARGON2_SALT_BYTES_MAX);
  const hashBytes = decodeUnpadded(hash, ARGON2_TAG_BYTES_MIN, ARGON2_TAG_BYTES_MAX);
  if (saltBytes === undefined || hashBytes === undefined) return undefined;
  return { parameters, salt: saltBytes, hash: hashBytes };
}

/** Writes an argon2id PHC string; every value must be one {@link parseArgon2idPhc} reads back. */
export function formatArgon2idPhc(value: Argon2idHash): string {
  const { parameters, salt, hash } = value;
  assert(isArgon2ParametersInRange(parameters), 'argon2 parameters are out of range');
  assert(
    salt.length >= ARGON2_SALT_BYTES_MIN && salt.length <= ARGON2_SALT_BYTES_MAX,
    'argon2 salt is 16 to 64 bytes',
  );
  assert(
    hash.length >= ARGON2_TAG_BYTES_MIN && hash.length <= ARGON2_TAG_BYTES_MAX,
    'argon2 hash is 16 to 64 bytes',
  );
  const cost = `m=${parameters.memoryKib},t=${parameters.passes},p=${parameters.parallelism}`;
  return `$argon2id$v=19$${cost}$${encodeUnpadded(salt)}$${encodeUnpadded(hash)}`;
}
