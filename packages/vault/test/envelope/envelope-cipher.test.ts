import { FakeClock, parseTenantId, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { createDataKeyCache } from '../../src/cache/create-data-key-cache.js';
import { decodeBase64Url, encodeBase64Url } from '../../src/crypto/base64.js';
import {
  createEnvelopeCipher,
  type DataKeyGeneratedEvent,
} from '../../src/envelope/create-envelope-cipher.js';
import {
  ENVELOPE_TEXT_PREFIX,
  parseEnvelope,
  rewrapEnvelope,
} from '../../src/envelope/envelope-format.js';
import type { Kms } from '../../src/kms/kms.js';
import { generateSoftwareKeyring } from '../../src/kms/software-keyring.js';
import { createSoftwareKms } from '../../src/kms/software-kms.js';

const tenant = (id: string): TenantId => unwrapOrThrow(parseTenantId(id));
const binding = { tenantId: tenant('acme'), recordId: 'tok_01', field: 'pan' };
const plaintext = new TextEncoder().encode('4111111111111111');

function softwareKms(): Kms {
  return createSoftwareKms({
    keyring: generateSoftwareKeyring(['cards', 'fields'], new FakeClock()),
  });
}

// Counts the calls that reach the KMS, to prove which operations never do.
function counting(kms: Kms) {
  const calls: string[] = [];
  const record = <T>(name: string, call: () => T): T => {
    calls.push(name);
    return call();
  };
  const counted: Kms = {
    kind: kms.kind,
    createKey: (keyId) => kms.createKey(keyId),
    rotate: (keyId) => kms.rotate(keyId),
    describe: (keyId) => record('describe', () => kms.describe(keyId)),
    generateDataKey: (keyId, context) =>
      record('generateDataKey', () => kms.generateDataKey(keyId, context)),
    wrap: (keyId, key, context) => record('wrap', () => kms.wrap(keyId, key, context)),
    unwrap: (wrapped, context) => record('unwrap', () => kms.unwrap(wrapped, context)),
    rewrap: (wrapped, context) => record('rewrap', () => kms.rewrap(wrapped, context)),
    close: () => kms.close(),
  };
  return { kms: counted, calls };
}

describe('createEnvelopeCipher', () => {
  it('encrypts under the current KEK version and decrypts for the same binding', async () => {
    const events: DataKeyGeneratedEvent[] = [];
    const cipher = createEnvelopeCipher({
      kms: softwareKms(),
      onDataKeyGenerated: (e) => events.push(e),
    });
    const envelope = unwrapOrThrow(await cipher.encrypt('cards', binding, plaintext));
    expect(unwrapOrThrow(parseEnvelope(envelope)).wrapping).toMatchObject({
      keyId: 'cards',
      version: 1,
    });
    expect(unwrapOrThrow(await cipher.decrypt(binding, envelope))).toEqual(plaintext);
    expect(events).toEqual([{ tenantId: 'acme', keyId: 'cards', version: 1 }]);
  });

  it('refuses a moved envelope: other tenant fails at the KMS, other record or field at GCM', async () => {
    const cipher = createEnvelopeCipher({ kms: softwareKms() });
    const envelope = unwrapOrThrow(await cipher.encrypt('cards', binding, plaintext));
    expect(
      (
        await cipher.decrypt({ ...binding, tenantId: tenant('globex') }, envelope)
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'kms.unwrap_failed', keyId: 'cards', version: 1 });
    for (const other of [
      { ...binding, recordId: 'tok_02' },
      { ...binding, field: 'name' },
    ]) {
      expect((await cipher.decrypt(other, envelope))._unsafeUnwrapErr()).toEqual({
        type: 'vault.decryption_failed',
        reason: 'authentication',
      });
    }
  });

  it('refuses a body moved under another wrapped data key with commitment', async () => {
    const cipher = createEnvelopeCipher({ kms: softwareKms() });
    const victim = unwrapOrThrow(
      parseEnvelope(unwrapOrThrow(await cipher.encrypt('cards', binding, plaintext))),
    );
    const attacker = unwrapOrThrow(
      parseEnvelope(unwrapOrThrow(await cipher.encrypt('cards', binding, plaintext))),
    );
    // The attacker's wrapping is valid for this tenant, but holds another data key.
    const swapped = rewrapEnvelope(victim, attacker.wrapping);
    expect((await cipher.decrypt(binding, swapped))._unsafeUnwrapErr()).toEqual({
      type: 'vault.decryption_failed',
      reason: 'commitment',
    });
  });

  it('answers every flipped bit of an envelope with a typed error', async () => {
    const cipher = createEnvelopeCipher({ kms: softwareKms() });
    const envelope = unwrapOrThrow(
      await cipher.encrypt('cards', binding, new Uint8Array([1, 2, 3])),
    );
    const bytes = decodeBase64Url(envelope.slice(ENVELOPE_TEXT_PREFIX.length)) as Uint8Array;
    const seen = new Set<string>();
    for (let index = 0; index < bytes.length; index += 1) {
      for (let bit = 0; bit < 8; bit += 1) {
        const tampered = bytes.slice();
        tampered[index] = (tampered[index] ?? 0) ^ (1 << bit);
        const result = await cipher.decrypt(
          binding,
          ENVELOPE_TEXT_PREFIX + encodeBase64Url(tampered),
        );
        const error = result._unsafeUnwrapErr();
        seen.add('reason' in error ? `${error.type}/${error.reason}` : error.type);
      }
    }
    // Format byte and lengths: malformed; KEK name: malformed or unknown key; version: unknown
    // version; wrapped key: unwrap failure; message id and commitment: commitment; the rest: tag.
    expect([...seen].sort()).toEqual([
      'kms.key_not_found',
      'kms.key_version_not_found',
      'kms.unwrap_failed',
      'vault.decryption_failed/authentication',
      'vault.decryption_failed/commitment',
      'vault.decryption_failed/malformed',
    ]);
  });

  it('answers truncated, garbage and over-long text with malformed', async () => {
    const cipher = createEnvelopeCipher({ kms: softwareKms() });
    const envelope = unwrapOrThrow(await cipher.encrypt('cards', binding, plaintext));
    for (const text of [
      envelope.slice(0, -30),
      'garbage',
      'sr1.%%%',
      `sr1.${'A'.repeat(200_000)}`,
    ]) {
      expect((await cipher.decrypt(binding, text))._unsafeUnwrapErr()).toEqual({
        type: 'vault.decryption_failed',
        reason: 'malformed',
      });
    }
  });

  it('refuses versions below the minimum decryption version before calling the KMS', async () => {
    const { kms, calls } = counting(softwareKms());
    const writer = createEnvelopeCipher({ kms });
    const old = unwrapOrThrow(await writer.encrypt('cards', binding, plaintext));
    unwrapOrThrow(await kms.rotate('cards'));
    const cipher = createEnvelopeCipher({ kms, policies: { cards: { minDecryptionVersion: 2 } } });
    calls.length = 0;
    const retired = {
      type: 'vault.key_version_retired',
      keyId: 'cards',
      version: 1,
      minDecryptionVersion: 2,
    };
    expect((await cipher.decrypt(binding, old))._unsafeUnwrapErr()).toEqual(retired);
    expect((await cipher.rewrap(binding, old))._unsafeUnwrapErr()).toEqual(retired);
    expect(calls).toEqual([]);
    const fresh = unwrapOrThrow(await cipher.encrypt('cards', binding, plaintext));
    expect(unwrapOrThrow(await cipher.decrypt(binding, fresh))).toEqual(plaintext);
  });

  it('rewraps to the current version without changing the body, and null when current', async () => {
    const clock = new FakeClock();
    const { kms, calls } = counting(softwareKms());
    const cipher = createEnvelopeCipher({ kms, clock, kekDescriptionMaxAgeMs: 1000 });
    const envelope = unwrapOrThrow(await cipher.encrypt('cards', binding, plaintext));
    expect(unwrapOrThrow(await cipher.rewrap(binding, envelope))).toBeNull();
    unwrapOrThrow(await kms.rotate('cards'));
    // The description is cached briefly: right after a rotation the envelope still looks current.
    expect(unwrapOrThrow(await cipher.rewrap(binding, envelope))).toBeNull();
    expect(calls.filter((call) => call === 'describe')).toHaveLength(1);
    clock.advance(1000);
    const rewrapped = unwrapOrThrow(await cipher.rewrap(binding, envelope)) as string;
    const before = unwrapOrThrow(parseEnvelope(envelope));
    const after = unwrapOrThrow(parseEnvelope(rewrapped));
    expect(after.wrapping.version).toBe(2);
    expect(after.sealed).toEqual(before.sealed);
    expect(calls.filter((call) => call === 'rewrap')).toHaveLength(1);
    expect(unwrapOrThrow(await cipher.decrypt(binding, rewrapped))).toEqual(plaintext);
    expect(unwrapOrThrow(await cipher.rewrap(binding, rewrapped))).toBeNull();
    // Rewrapping for another tenant is refused by the KMS context check.
    expect(
      (await cipher.rewrap({ ...binding, tenantId: tenant('globex') }, envelope))._unsafeUnwrapErr()
        .type,
    ).toBe('kms.unwrap_failed');
  });

  it('reports KMS errors as they are: unknown KEK, bad KEK name', async () => {
    const cipher = createEnvelopeCipher({ kms: softwareKms() });
    expect((await cipher.encrypt('nope', binding, plaintext))._unsafeUnwrapErr()).toEqual({
      type: 'kms.key_not_found',
      keyId: 'nope',
    });
    expect((await cipher.encrypt('Bad Name', binding, plaintext))._unsafeUnwrapErr()).toEqual({
      type: 'kms.invalid_request',
      field: 'keyId',
      reason: 'bad_format',
    });
  });

  it('with a cache, reuses one data key per tenant and KEK and unwraps once', async () => {
    const { kms, calls } = counting(softwareKms());
    const cache = createDataKeyCache({ maxAgeMs: 60_000, clock: new FakeClock() });
    const events: DataKeyGeneratedEvent[] = [];
    const cipher = createEnvelopeCipher({ kms, cache, onDataKeyGenerated: (e) => events.push(e) });
    const envelopes = [];
    for (let index = 0; index < 10; index += 1)
      envelopes.push(unwrapOrThrow(await cipher.encrypt('cards', binding, plaintext)));
    const other = { ...binding, tenantId: tenant('globex') };
    envelopes.push(unwrapOrThrow(await cipher.encrypt('cards', other, plaintext)));
    expect(calls).toEqual(['generateDataKey', 'generateDataKey']);
    expect(events).toHaveLength(2);
    for (const envelope of envelopes.slice(0, 10))
      expect(unwrapOrThrow(await cipher.decrypt(binding, envelope))).toEqual(plaintext);
    expect(unwrapOrThrow(await cipher.decrypt(other, envelopes[10] as string))).toEqual(plaintext);
    expect(calls.filter((call) => call === 'unwrap')).toHaveLength(2);
    // The same data key still gives every message its own id, commitment and ciphertext.
    const bodies = new Set(
      envelopes.map((e) => encodeBase64Url(unwrapOrThrow(parseEnvelope(e)).commitment)),
    );
    expect(bodies.size).toBe(11);
    expect(cache.stats()).toEqual({ kmsCalls: 4, hits: 18, misses: 4 });
  });

  it('shares one KMS call among concurrent encryptions that miss together', async () => {
    const { kms, calls } = counting(softwareKms());
    const cipher = createEnvelopeCipher({ kms, cache: createDataKeyCache({ maxAgeMs: 60_000 }) });
    const envelopes = await Promise.all(
      Array.from({ length: 32 }, () => cipher.encrypt('cards', binding, plaintext)),
    );
    expect(calls).toEqual(['generateDataKey']);
    for (const envelope of envelopes)
      expect(unwrapOrThrow(await cipher.decrypt(binding, unwrapOrThrow(envelope)))).toEqual(
        plaintext,
      );
  });
});
