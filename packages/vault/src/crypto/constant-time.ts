import { equalBytes } from '@noble/ciphers/utils.js';

/**
 * Compares two byte strings in time that depends only on their lengths, never on where they
 * differ: for tags, commitments, fingerprints and tokens, where an early exit would leak a prefix.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return equalBytes(a, b);
}
