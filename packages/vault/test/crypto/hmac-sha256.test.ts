import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { hmacSha256, prepareHmacSha256Key } from '../../src/crypto/hmac-sha256.js';

const text = (value: string) => new TextEncoder().encode(value);
const repeated = (byte: number, length: number) => new Uint8Array(length).fill(byte);

// Source: RFC 4231 §4, HMAC-SHA-256 results of test cases 1–4, 6 and 7 (case 5 truncates the
// output, which this wrapper never does).
const cases = [
  {
    name: 'test case 1',
    key: repeated(0x0b, 20),
    data: text('Hi There'),
    mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  },
  {
    name: 'test case 2 (key shorter than the output)',
    key: text('Jefe'),
    data: text('what do ya want for nothing?'),
    mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  },
  {
    name: 'test case 3',
    key: repeated(0xaa, 20),
    data: repeated(0xdd, 50),
    mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
  },
  {
    name: 'test case 4',
    key: hexToBytes('0102030405060708090a0b0c0d0e0f10111213141516171819'),
    data: repeated(0xcd, 50),
    mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  },
  {
    name: 'test case 6 (key larger than a block)',
    key: repeated(0xaa, 131),
    data: text('Test Using Larger Than Block-Size Key - Hash Key First'),
    mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  },
  {
    name: 'test case 7 (key and data larger than a block)',
    key: repeated(0xaa, 131),
    data: text(
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    ),
    mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

describe('HMAC-SHA-256 (RFC 4231)', () => {
  for (const { name, key, data, mac } of cases) {
    it(name, () => {
      expect(bytesToHex(hmacSha256(key, data))).toBe(mac);
      const prepared = prepareHmacSha256Key(key);
      expect(bytesToHex(hmacSha256(prepared, data))).toBe(mac);
      // A prepared key serves many messages: each MAC starts from the pads, not the last state.
      expect(bytesToHex(prepared.mac(data))).toBe(mac);
    });
  }

  it('refuses an empty key as a programmer error', () => {
    expect(() => prepareHmacSha256Key(new Uint8Array(0))).toThrow(/not empty/);
  });
});
