import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Bytes of the random salt each data subject gets. */
export const SUBJECT_SALT_BYTES = 32;

/** A new random salt for a data subject. */
export function newSubjectSalt(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(SUBJECT_SALT_BYTES));
}

/**
 * The commitment stored in the log instead of a personal value:
 * SHA-256(salt ‖ 0x00 ‖ entryId ‖ 0x00 ‖ field ‖ 0x00 ‖ value), hex. While the subject's salt
 * exists, anyone holding a value can prove an entry concerned it; once the salt is erased (GDPR
 * art. 17), the commitment is an unlinkable random-looking string, and the Merkle tree — which
 * hashes the commitment, not the value — still verifies. The entry id makes two entries about the
 * same value unlinkable to each other even before erasure.
 */
export function commitPersonalValue(
  salt: Uint8Array,
  entryId: string,
  field: string,
  value: string,
): string {
  const separator = new Uint8Array([0]);
  const parts = [
    salt,
    separator,
    utf8ToBytes(entryId),
    separator,
    utf8ToBytes(field),
    separator,
    utf8ToBytes(value),
  ];
  const message = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    message.set(part, offset);
    offset += part.length;
  }
  return bytesToHex(sha256(message));
}
