import { hkdf } from '@noble/hashes/hkdf.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { assert } from '@strongroom/kernel';

/** The most bytes one HKDF-SHA-512 call may produce (RFC 5869: 255 × hash length). */
export const HKDF_SHA512_MAX_OUTPUT_BYTES = 255 * 64;

const encoder = new TextEncoder();

/**
 * HKDF-SHA-512 (RFC 5869, extract then expand), as the AWS Encryption SDK's committing suites use
 * to derive a per-message key and a commitment from one data key. `info` separates purposes; a
 * string is taken as UTF-8. Synchronous (@noble/hashes): for 32-byte outputs it is cheaper than a
 * WebCrypto round trip.
 */
export function hkdfSha512(
  inputKey: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array | string,
  outputBytes: number,
): Uint8Array {
  assert(
    Number.isSafeInteger(outputBytes) &&
      outputBytes > 0 &&
      outputBytes <= HKDF_SHA512_MAX_OUTPUT_BYTES,
    'HKDF-SHA-512 output is 1 to 16320 bytes',
  );
  const infoBytes = typeof info === 'string' ? encoder.encode(info) : info;
  return hkdf(sha512, inputKey, salt, infoBytes, outputBytes);
}
