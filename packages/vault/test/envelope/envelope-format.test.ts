import { parseTenantId, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../../src/crypto/base64.js';
import {
  ENVELOPE_PLAINTEXT_MAX_BYTES,
  ENVELOPE_TEXT_MAX_LENGTH,
  ENVELOPE_TEXT_PREFIX,
  parseEnvelope,
  rewrapEnvelope,
} from '../../src/envelope/envelope-format.js';
import { openEnvelope, sealEnvelope } from '../../src/envelope/envelope-seal.js';
import type { WrappedKey } from '../../src/kms/kms.js';

const tenant = (id: string): TenantId => unwrapOrThrow(parseTenantId(id));
const binding = { tenantId: tenant('acme'), recordId: 'tok_01', field: 'pan' };
const wrapping: WrappedKey = { keyId: 'cards', version: 3, ciphertext: new Uint8Array(60).fill(7) };
const dataKey = () => crypto.getRandomValues(new Uint8Array(32));
const text = (value: string) => new TextEncoder().encode(value);

async function sealed(key: Uint8Array, plaintext = text('4111111111111111')) {
  return sealEnvelope({ wrapping, dataKey: key, binding, plaintext });
}

function bytesOf(envelope: string): Uint8Array {
  const bytes = decodeBase64Url(envelope.slice(ENVELOPE_TEXT_PREFIX.length));
  if (bytes === undefined) throw new Error('not base64url');
  return bytes;
}

const textOf = (bytes: Uint8Array) => ENVELOPE_TEXT_PREFIX + encodeBase64Url(bytes);

describe('envelope format v1', () => {
  it('round-trips and exposes the wrapping', async () => {
    const key = dataKey();
    const envelope = await sealed(key);
    expect(envelope.startsWith('sr1.')).toBe(true);
    const parsed = unwrapOrThrow(parseEnvelope(envelope));
    expect(parsed.wrapping).toEqual(wrapping);
    expect(parsed.messageId).toHaveLength(32);
    expect(parsed.commitment).toHaveLength(32);
    expect(parsed.nonce).toHaveLength(12);
    const opened = unwrapOrThrow(await openEnvelope(parsed, key, binding));
    expect(new TextDecoder().decode(opened)).toBe('4111111111111111');
  });

  it('lays out the header as documented', async () => {
    const bytes = bytesOf(await sealed(dataKey(), new Uint8Array(5)));
    const view = new DataView(bytes.buffer);
    expect(bytes[0]).toBe(1);
    expect(bytes[1]).toBe(5);
    expect(new TextDecoder().decode(bytes.subarray(2, 7))).toBe('cards');
    expect(view.getUint32(7)).toBe(3);
    expect(view.getUint16(11)).toBe(60);
    // header 13 + wrapped 60 + message id 32 + commitment 32 + nonce 12 + plaintext 5 + tag 16
    expect(bytes).toHaveLength(13 + 60 + 32 + 32 + 12 + 5 + 16);
  });

  it('uses a fresh message id and nonce per message under the same data key', async () => {
    const key = dataKey();
    const first = unwrapOrThrow(parseEnvelope(await sealed(key)));
    const second = unwrapOrThrow(parseEnvelope(await sealed(key)));
    expect(first.messageId).not.toEqual(second.messageId);
    expect(first.commitment).not.toEqual(second.commitment);
    expect(first.sealed).not.toEqual(second.sealed);
  });

  it('refuses another binding with authentication', async () => {
    const key = dataKey();
    const parsed = unwrapOrThrow(parseEnvelope(await sealed(key)));
    for (const other of [
      { ...binding, tenantId: tenant('globex') },
      { ...binding, recordId: 'tok_02' },
      { ...binding, field: 'cvv' },
      // Length prefixes keep `tok_0` + `1pan` apart from `tok_01` + `pan`.
      { ...binding, recordId: 'tok_0', field: '1pan' },
    ]) {
      expect((await openEnvelope(parsed, key, other))._unsafeUnwrapErr()).toEqual({
        type: 'vault.decryption_failed',
        reason: 'authentication',
      });
    }
  });

  it('refuses another data key with commitment', async () => {
    const parsed = unwrapOrThrow(parseEnvelope(await sealed(dataKey())));
    expect((await openEnvelope(parsed, dataKey(), binding))._unsafeUnwrapErr()).toEqual({
      type: 'vault.decryption_failed',
      reason: 'commitment',
    });
  });

  it('reports every flipped bit of the body: commitment for the message id and commitment, authentication after', async () => {
    const key = dataKey();
    const envelope = await sealed(key, text('abc'));
    const bytes = bytesOf(envelope);
    const bodyStart = 13 + 60;
    for (let index = bodyStart; index < bytes.length; index += 1) {
      for (let bit = 0; bit < 8; bit += 1) {
        const tampered = bytes.slice();
        tampered[index] = (tampered[index] ?? 0) ^ (1 << bit);
        const parsed = unwrapOrThrow(parseEnvelope(textOf(tampered)));
        const reason = (await openEnvelope(parsed, key, binding))._unsafeUnwrapErr().reason;
        expect(reason).toBe(index < bodyStart + 64 ? 'commitment' : 'authentication');
      }
    }
  });

  it('rewraps without touching the body, and the new envelope still opens', async () => {
    const key = dataKey();
    const parsed = unwrapOrThrow(parseEnvelope(await sealed(key)));
    const newWrapping = { keyId: 'cards', version: 4, ciphertext: new Uint8Array(70).fill(9) };
    const rewrapped = unwrapOrThrow(parseEnvelope(rewrapEnvelope(parsed, newWrapping)));
    expect(rewrapped.wrapping).toEqual(newWrapping);
    expect(rewrapped.sealed).toEqual(parsed.sealed);
    expect(rewrapped.commitment).toEqual(parsed.commitment);
    expect(
      new TextDecoder().decode(unwrapOrThrow(await openEnvelope(rewrapped, key, binding))),
    ).toBe('4111111111111111');
  });

  it('parses nothing but well-formed envelopes, without throwing', async () => {
    const envelope = await sealed(dataKey());
    const bytes = bytesOf(envelope);
    const withByte = (index: number, value: number) => {
      const copy = bytes.slice();
      copy[index] = value;
      return textOf(copy);
    };
    const bad = [
      '',
      'sr1.',
      `sr2.${envelope.slice(4)}`,
      envelope.slice(4),
      `${envelope}=`,
      `${envelope.slice(0, -1)}*`,
      envelope.slice(0, 40),
      textOf(bytes.subarray(0, bytes.length - 1 - 16 - 12 - 32 - 32 - 3)),
      textOf(bytes.subarray(0, 13 + 60 + 76 + 15)), // one byte short of a tag
      withByte(0, 2), // unknown format version
      withByte(1, 0), // empty key id
      withByte(1, 65), // key id too long
      withByte(2, 'C'.charCodeAt(0)), // key id outside the pattern
      textOf(Object.assign(bytes.slice(), { 7: 0, 8: 0, 9: 0, 10: 0 })), // KEK version 0
      textOf(Object.assign(bytes.slice(), { 11: 0, 12: 0 })), // empty wrapped key
      textOf(Object.assign(bytes.slice(), { 11: 0x04, 12: 0x01 })), // wrapped key of 1025 bytes
      `sr1.${'A'.repeat(ENVELOPE_TEXT_MAX_LENGTH)}`,
      'sr1.\u00e9\u00e9\u00e9\u00e9',
    ];
    for (const candidate of bad) {
      expect(parseEnvelope(candidate)._unsafeUnwrapErr()).toEqual({
        type: 'vault.decryption_failed',
        reason: 'malformed',
      });
    }
    expect(parseEnvelope(42 as unknown as string).isErr()).toBe(true);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (candidate) => {
        expect(parseEnvelope(`sr1.${candidate}`).isErr()).toBe(true);
      }),
    );
  });

  it('holds plaintexts up to the limit and refuses larger ones as a programmer error', async () => {
    const key = dataKey();
    const largest = await sealed(key, new Uint8Array(ENVELOPE_PLAINTEXT_MAX_BYTES).fill(1));
    expect(largest.length).toBeLessThanOrEqual(ENVELOPE_TEXT_MAX_LENGTH);
    const opened = unwrapOrThrow(
      await openEnvelope(unwrapOrThrow(parseEnvelope(largest)), key, binding),
    );
    expect(opened).toHaveLength(ENVELOPE_PLAINTEXT_MAX_BYTES);
    await expect(sealed(key, new Uint8Array(ENVELOPE_PLAINTEXT_MAX_BYTES + 1))).rejects.toThrow(
      /at most 65536/,
    );
  });

  it('round-trips random plaintexts and bindings', async () => {
    const key = dataKey();
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 512 }),
        fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        async (plaintext, tenantId, recordId, field) => {
          const bound = { tenantId: tenant(tenantId), recordId, field };
          const envelope = await sealEnvelope({
            wrapping,
            dataKey: key,
            binding: bound,
            plaintext,
          });
          const parsed = unwrapOrThrow(parseEnvelope(envelope));
          expect(unwrapOrThrow(await openEnvelope(parsed, key, bound))).toEqual(plaintext);
        },
      ),
      { numRuns: 100 },
    );
  });
});
