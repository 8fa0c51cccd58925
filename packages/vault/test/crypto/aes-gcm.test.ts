import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { aesGcmDecrypt, aesGcmEncrypt, importAesGcmKey } from '../../src/crypto/aes-gcm.js';

// Source: C2SP/wycheproof, testvectors_v1/aes_gcm_test.json (commit 6fc4a87a), the group with
// ivSize 96, keySize 256, tagSize 128. Copied as published, hex.
const valid = [
  {
    tcId: 116,
    key: '0f112e59cdccd851c3b8e76c9f05a3b7c2e4feca5846afeb351c1cbcace82f04',
    iv: '7147973339d86789a2c9a958',
    aad: '37128be45f0a7f329546e1492c3c9c2d2534d5b1f5147e49ab91221e7c3edea21bbe47bfe3619437ce3c61e6e946c504f348296918219e51bf2c5598589cff',
    msg: '102e5804dda1fb5d656077edb15cadb5d0bdee8c',
    ct: '618ac626ae0e8d06c2fd2fb66be253dc26ed6e38',
    tag: 'd8d93ff975cb988f09174dcd439cb6a4',
  },
  {
    tcId: 117,
    key: '2ce6b4c15f85fb2da5cc6c269491eef281980309181249ebf2832bd6d0732d0b',
    iv: 'c064fae9173b173fd6f11f34',
    aad: '498d3075b09fed998280583d61bb36b6ce41f130063b80824d1586e143d349b126b16aa10fe57343ed223d6364ee602257fe313a7fc9bf9088f027795b8dc1d3',
    msg: 'f8a27a4baf00dc0555d222f2fa4fb42dc666ea3c',
    ct: 'aed58d8a252f740dba4bf6d36773bd5b41234bba',
    tag: '01f93d7456aa184ebb49bea472b6d65d',
  },
  {
    tcId: 128,
    key: '00112233445566778899aabbccddeeff102132435465768798a9bacbdcedfe0f',
    iv: '000000000000000000000000',
    aad: '',
    msg: '561008fa07a68f5c61285cd013464eaf',
    ct: '23293e9b07ca7d1b0cae7cc489a973b3',
    tag: 'ffffffffffffffffffffffffffffffff',
  },
  {
    tcId: 129,
    key: '00112233445566778899aabbccddeeff102132435465768798a9bacbdcedfe0f',
    iv: 'ffffffffffffffffffffffff',
    aad: '',
    msg: 'c6152244cea1978d3e0bc274cf8c0b3b',
    ct: '7cb6fc7c6abc009efe9551a99f36a421',
    tag: '00000000000000000000000000000000',
  },
];

// Same file, "ModifiedTag" vectors (result: invalid): one message under one key, tags altered.
const modifiedTag = {
  key: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  iv: '505152535455565758595a5b',
  ct: 'b2061457c0759fc1749f174ee1ccadfa',
  tags: [
    { tcId: 130, tag: '9de8fef6d8ab1bf1bf887232eab590dd' },
    { tcId: 134, tag: '9ce8fe76d8ab1bf1bf887232eab590dd' },
    { tcId: 145, tag: '9ce8fef6d8ab1bf1bf887232eab590dc' },
    { tcId: 148, tag: '9ce8fef6d8ab1bf1bf887232eab5905d' },
    { tcId: 153, tag: '00000000000000000000000000000000' },
    { tcId: 154, tag: 'ffffffffffffffffffffffffffffffff' },
  ],
};

const aadOf = (hex: string) => (hex === '' ? undefined : hexToBytes(hex));

describe('AES-256-GCM (Wycheproof)', () => {
  for (const vector of valid) {
    it(`encrypts and decrypts tcId ${vector.tcId}`, async () => {
      const key = hexToBytes(vector.key);
      const sealed = await aesGcmEncrypt(
        key,
        hexToBytes(vector.iv),
        hexToBytes(vector.msg),
        aadOf(vector.aad),
      );
      expect(sealed).toEqual(hexToBytes(vector.ct + vector.tag));
      const opened = await aesGcmDecrypt(
        await importAesGcmKey(key),
        hexToBytes(vector.iv),
        hexToBytes(vector.ct + vector.tag),
        aadOf(vector.aad),
      );
      expect(opened).toEqual(hexToBytes(vector.msg));
    });
  }

  for (const { tcId, tag } of modifiedTag.tags) {
    it(`rejects the modified tag of tcId ${tcId}`, async () => {
      const opened = await aesGcmDecrypt(
        hexToBytes(modifiedTag.key),
        hexToBytes(modifiedTag.iv),
        hexToBytes(modifiedTag.ct + tag),
      );
      expect(opened).toBeUndefined();
    });
  }

  it('rejects other additional data, and sealed text shorter than a tag', async () => {
    const vector = valid[0] as (typeof valid)[number];
    const key = hexToBytes(vector.key);
    const iv = hexToBytes(vector.iv);
    const sealed = hexToBytes(vector.ct + vector.tag);
    expect(await aesGcmDecrypt(key, iv, sealed)).toBeUndefined();
    expect(await aesGcmDecrypt(key, iv, sealed.subarray(0, 15), aadOf(vector.aad))).toBeUndefined();
  });

  it('refuses keys other than 32 bytes and nonces other than 12 as programmer errors', async () => {
    await expect(
      aesGcmEncrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(1)),
    ).rejects.toThrow(/32 bytes/);
    await expect(
      aesGcmEncrypt(new Uint8Array(32), new Uint8Array(16), new Uint8Array(1)),
    ).rejects.toThrow(/12 bytes/);
  });
});
