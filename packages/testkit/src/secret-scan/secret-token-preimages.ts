import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

const HEX_64 = /(?<![0-9A-Za-z])[0-9a-f]{64}(?![0-9A-Za-z])/g;

/**
 * The rows that hold a 64-hex-digit value whose SHA-256 (of its text, as identity hashes its
 * refresh and single-use tokens) is stored in the same store: a token kept next to its own hash.
 * Random hashes never hash to one another, so every hit is a leaked token, whatever the field is
 * called. Returns row numbers, never the token.
 */
export function rowsHoldingTokenPreimages(rows: readonly string[]): number[] {
  const valuesByRow = rows.map((row) => new Set(row.match(HEX_64) ?? []));
  const stored = new Set<string>();
  for (const values of valuesByRow) for (const value of values) stored.add(value);
  const leaking: number[] = [];
  for (const [row, values] of valuesByRow.entries()) {
    for (const value of values) {
      if (stored.has(bytesToHex(sha256(utf8ToBytes(value))))) {
        leaking.push(row);
        break;
      }
    }
  }
  return leaking;
}
