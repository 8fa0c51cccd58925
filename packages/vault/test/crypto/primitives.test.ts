import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodeBase64Url,
  encodeBase64,
  encodeBase64Url,
} from '../../src/crypto/base64.js';
import { constantTimeEqual } from '../../src/crypto/constant-time.js';
import { lengthPrefixed } from '../../src/crypto/length-prefixed.js';
import { RANDOM_BYTES_MAX, randomBytes } from '../../src/crypto/random-bytes.js';

describe('constantTimeEqual', () => {
  it('is true only for equal bytes of equal length', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});

describe('randomBytes', () => {
  it('gives the requested length, differently each time, within the WebCrypto quota', () => {
    expect(randomBytes(32)).toHaveLength(32);
    expect(randomBytes(32)).not.toEqual(randomBytes(32));
    expect(randomBytes(RANDOM_BYTES_MAX)).toHaveLength(RANDOM_BYTES_MAX);
    expect(() => randomBytes(RANDOM_BYTES_MAX + 1)).toThrow(/0 to 65536/);
    expect(() => randomBytes(-1)).toThrow(/0 to 65536/);
  });
});

describe('base64', () => {
  // RFC 4648 §10 test vectors.
  const rfc4648 = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ] as const;

  it('encodes the RFC 4648 vectors and decodes them back', () => {
    for (const [plain, encoded] of rfc4648) {
      const bytes = new TextEncoder().encode(plain);
      expect(encodeBase64(bytes)).toBe(encoded);
      expect(decodeBase64(encoded)).toEqual(bytes);
      expect(encodeBase64Url(bytes)).toBe(encoded.replace(/=+$/, ''));
      expect(decodeBase64Url(encoded.replace(/=+$/, ''))).toEqual(bytes);
    }
  });

  it('uses the URL alphabet for base64url and accepts only canonical spellings', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xfe]);
    expect(encodeBase64(bytes)).toBe('+//+');
    expect(encodeBase64Url(bytes)).toBe('-__-');
    for (const bad of ['Zg', 'Zh==', 'Zm9v\n', '-__-', 'Zm9v='])
      expect(decodeBase64(bad)).toBeUndefined();
    for (const bad of ['Zg==', 'Zh', '+//+', 'Z', 'Zm9v '])
      expect(decodeBase64Url(bad)).toBeUndefined();
  });
});

describe('lengthPrefixed', () => {
  it('prefixes each part with its u32 byte length, so splits never collide', () => {
    expect([...lengthPrefixed(['ab', new Uint8Array([9])])]).toEqual([
      0, 0, 0, 2, 97, 98, 0, 0, 0, 1, 9,
    ]);
    expect(lengthPrefixed(['ab', 'c'])).not.toEqual(lengthPrefixed(['a', 'bc']));
    expect(lengthPrefixed(['é'])).toEqual(new Uint8Array([0, 0, 0, 2, 0xc3, 0xa9]));
  });
});
