import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { HKDF_SHA512_MAX_OUTPUT_BYTES, hkdfSha512 } from '../../src/crypto/hkdf-sha512.js';

// Source: C2SP/wycheproof, testvectors_v1/hkdf_sha512_test.json (commit 427a648c), group keySize 128.
const vectors = [
  {
    tcId: 3,
    ikm: 'a4748031a14d3e6aafe42aa20c568f5f',
    salt: '',
    info: '',
    size: 64,
    okm: '62ea97e06051e40b79deb127a4da294f557cafa3d7a90a75c02064571dfbbe4699129bdcec4b39eed7757ce8e3571589f7d8f5523c0dc3fd6a56b099fb4bfd51',
  },
  {
    tcId: 9,
    ikm: '529e91a61895f1c4ceb5b6994f48783b',
    salt: '12e4ae515328983bab2d88da3cb32a95',
    info: '',
    size: 64,
    okm: '9c40abb65d7ef9826758a9818668624907b2bc0d9ff6b80d60673d2fdd68418874f48bf1960d75e19c6594d7079b6b019d8e3ec98705a6b4886e122c9eab955e',
  },
  {
    tcId: 12,
    ikm: '7a00817689a3d79001825a864c69c120',
    salt: '08bc01c053a6406c7c4a667c9b9b3894',
    info: '967ccd75395be6e96a67759f070487c9e2107791',
    size: 64,
    okm: 'aed987bcc5ed33c4feec7b28aa9fe1c16b1181e00ff42c63cf692ec19242f6d4628604b3382db0806d5e61518f83fc651e6f3bd0a9d1322926a76869b98b75d6',
  },
  {
    tcId: 17,
    ikm: 'f403b6c59bdb751b3f7b9c97fae5226f',
    salt: '9139e549297ee26eae5afea7ee012e683cd7e59b5b8966f55f6d18ded11c',
    info: '27d06c3a2fdb5c97de4506e1bc1311991660c5f5',
    size: 42,
    okm: '1ac0f389936950af705d587295a878693d3496aa81288cccbbb596aeeae678c2e87602beaea14da6e795',
  },
];

describe('HKDF-SHA-512 (Wycheproof)', () => {
  for (const vector of vectors) {
    it(`derives tcId ${vector.tcId}`, () => {
      const okm = hkdfSha512(
        hexToBytes(vector.ikm),
        hexToBytes(vector.salt),
        hexToBytes(vector.info),
        vector.size,
      );
      expect(bytesToHex(okm)).toBe(vector.okm);
    });
  }

  it('takes a string info as UTF-8', () => {
    const ikm = new Uint8Array(32).fill(1);
    const salt = new Uint8Array(32).fill(2);
    expect(hkdfSha512(ikm, salt, 'strongroom', 32)).toEqual(
      hkdfSha512(ikm, salt, new TextEncoder().encode('strongroom'), 32),
    );
  });

  it('refuses output sizes outside 1..255*64 as programmer errors', () => {
    const ikm = new Uint8Array(32);
    expect(() => hkdfSha512(ikm, ikm, '', 0)).toThrow(/1 to 16320/);
    expect(() => hkdfSha512(ikm, ikm, '', HKDF_SHA512_MAX_OUTPUT_BYTES + 1)).toThrow(/1 to 16320/);
    expect(hkdfSha512(ikm, ikm, '', HKDF_SHA512_MAX_OUTPUT_BYTES)).toHaveLength(16320);
  });
});
