import { unwrapOrThrow } from '@strongroom/kernel';
import {
  DATA_KEY_BYTES,
  type KekDescription,
  type Kms,
  type WrapContext,
  type WrappedKey,
} from '@strongroom/vault';
import { expect } from 'vitest';

/** What every group of KMS cases receives: the KMS under test. */
export interface KmsSuiteContext {
  kms(): Kms;
}

/** A KEK name no other case or run uses, so a backend can share one KMS across everything. */
export function freshKekName(label = 'kek'): string {
  const suffix = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  return `${label}-${suffix}`;
}

/** The context most cases wrap under: a tenant and a purpose, as the vault passes them. */
export const SUITE_CONTEXT: WrapContext = { tenant: 'tenant-a', purpose: 'cards' };

/** Creates a fresh KEK and returns its name and description. */
export async function freshKek(kms: Kms, label?: string) {
  const keyId = freshKekName(label);
  const description = unwrapOrThrow(await kms.createKey(keyId));
  return { keyId, description };
}

/** Rotates `keyId` and returns the new description. */
export async function rotated(kms: Kms, keyId: string): Promise<KekDescription> {
  return unwrapOrThrow(await kms.rotate(keyId));
}

/** Recognisable key material: no accidental run of these bytes appears in random output. */
export function patternKey(byte = 0xab): Uint8Array {
  return new Uint8Array(DATA_KEY_BYTES).fill(byte);
}

/** A copy of `wrapped` with other ciphertext, version or key id. */
export function alteredWrap(wrapped: WrappedKey, changes: Partial<WrappedKey>): WrappedKey {
  return { ...wrapped, ...changes };
}

/** `ciphertext` with one bit flipped at `index` (negative counts from the end). */
export function flipBit(ciphertext: Uint8Array, index: number, bit = 0): Uint8Array {
  const copy = Uint8Array.from(ciphertext);
  const at = index < 0 ? copy.length + index : index;
  copy[at] = (copy[at] ?? 0) ^ (1 << bit);
  return copy;
}

/** Whether any `windowBytes`-long run of `needle` occurs in `haystack`. */
export function containsAnyWindow(
  haystack: Uint8Array,
  needle: Uint8Array,
  windowBytes: number,
): boolean {
  for (let start = 0; start + windowBytes <= needle.length; start += 1) {
    const window = needle.subarray(start, start + windowBytes);
    for (let offset = 0; offset + windowBytes <= haystack.length; offset += 1) {
      if (window.every((byte, index) => haystack[offset + index] === byte)) return true;
    }
  }
  return false;
}

/** Asserts a data key's shape: exactly {@link DATA_KEY_BYTES} bytes, not all zero. */
export function expectDataKeyBytes(plaintext: Uint8Array): void {
  expect(plaintext).toBeInstanceOf(Uint8Array);
  expect(plaintext.length).toBe(DATA_KEY_BYTES);
  expect(plaintext.some((byte) => byte !== 0)).toBe(true);
}

/** Hex form, for comparing and de-duplicating byte strings. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
