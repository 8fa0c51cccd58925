import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** Random bytes in every single-use token and refresh token: 256 bits. */
export const SECRET_TOKEN_BYTES = 32;

/** Length of a token's text form (lowercase hex of 32 bytes); other input is refused unread. */
export const SECRET_TOKEN_LENGTH = 64;

const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

/** A fresh 256-bit random token in hex: what a user clicks, what a client stores. */
export function generateSecretToken(): string {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(SECRET_TOKEN_BYTES)));
}

/**
 * The stored form of a token: SHA-256 in hex. A fast hash is enough because the token carries 256
 * random bits (nothing to guess); a database dump therefore yields no usable token.
 */
export function hashSecretToken(token: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(token)));
}

/** Whether untrusted input has a token's shape; checked before any lookup. */
export function isSecretTokenShape(input: unknown): input is string {
  return typeof input === 'string' && TOKEN_PATTERN.test(input);
}
