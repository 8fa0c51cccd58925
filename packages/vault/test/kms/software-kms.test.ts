import { FakeClock, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import type { WrappedKey } from '../../src/kms/kms.js';
import {
  formatSoftwareKeyring,
  generateSoftwareKeyring,
  parseSoftwareKeyring,
  type SoftwareKeyring,
} from '../../src/kms/software-keyring.js';
import { createSoftwareKms, SOFTWARE_WRAPPED_KEY_BYTES } from '../../src/kms/software-kms.js';

const context = { tenant: 'acme', kek: 'cards' };

function setup() {
  const clock = new FakeClock();
  const saved: SoftwareKeyring[] = [];
  const kms = createSoftwareKms({
    keyring: generateSoftwareKeyring(['cards'], clock),
    clock,
    persist: async (keyring) => {
      saved.push(keyring);
    },
  });
  return { clock, saved, kms };
}

describe('software KMS', () => {
  it('generates a 32-byte data key wrapped under the current version, and unwraps it', async () => {
    const { kms } = setup();
    expect(kms.kind).toBe('software');
    const dataKey = unwrapOrThrow(await kms.generateDataKey('cards', context));
    expect(dataKey.plaintext).toHaveLength(32);
    expect(dataKey.wrapped).toMatchObject({ keyId: 'cards', version: 1 });
    expect(dataKey.wrapped.ciphertext).toHaveLength(SOFTWARE_WRAPPED_KEY_BYTES);
    expect(unwrapOrThrow(await kms.unwrap(dataKey.wrapped, context))).toEqual(dataKey.plaintext);
    // Context keys in another order are the same context.
    expect(
      unwrapOrThrow(await kms.unwrap(dataKey.wrapped, { kek: 'cards', tenant: 'acme' })),
    ).toEqual(dataKey.plaintext);
  });

  it('refuses to unwrap under another context, a tampered blob, or another version', async () => {
    const { kms } = setup();
    const { wrapped } = unwrapOrThrow(await kms.generateDataKey('cards', context));
    const failed = { type: 'kms.unwrap_failed', keyId: 'cards', version: 1 };
    expect(
      (await kms.unwrap(wrapped, { ...context, tenant: 'globex' }))._unsafeUnwrapErr(),
    ).toEqual(failed);
    expect((await kms.unwrap(wrapped, { tenant: 'acme' }))._unsafeUnwrapErr()).toEqual(failed);
    for (let index = 0; index < wrapped.ciphertext.length; index += 7) {
      const ciphertext = wrapped.ciphertext.slice();
      ciphertext[index] = (ciphertext[index] ?? 0) ^ 1;
      expect((await kms.unwrap({ ...wrapped, ciphertext }, context))._unsafeUnwrapErr()).toEqual(
        failed,
      );
    }
    expect(
      (
        await kms.unwrap({ ...wrapped, ciphertext: wrapped.ciphertext.subarray(1) }, context)
      )._unsafeUnwrapErr(),
    ).toEqual(failed);
    unwrapOrThrow(await kms.rotate('cards'));
    // The same blob presented as version 2 is bound to version 1 by its additional data.
    expect((await kms.unwrap({ ...wrapped, version: 2 }, context))._unsafeUnwrapErr()).toEqual({
      ...failed,
      version: 2,
    });
    expect((await kms.unwrap({ ...wrapped, version: 9 }, context))._unsafeUnwrapErr()).toEqual({
      type: 'kms.key_version_not_found',
      keyId: 'cards',
      version: 9,
    });
  });

  it('rotates: new version current, old versions still unwrap, rewrap moves to current', async () => {
    const { kms, clock, saved } = setup();
    const old = unwrapOrThrow(await kms.generateDataKey('cards', context));
    clock.advance(1000);
    const described = unwrapOrThrow(await kms.rotate('cards'));
    expect(described.currentVersion).toBe(2);
    expect(described.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(described.versions[1]?.createdAt).toEqual(clock.now());
    expect(saved).toHaveLength(1);
    expect(saved[0]?.keys.get('cards')).toHaveLength(2);
    expect(unwrapOrThrow(await kms.describe('cards'))).toEqual(described);
    const fresh = unwrapOrThrow(await kms.generateDataKey('cards', context));
    expect(fresh.wrapped.version).toBe(2);
    expect(unwrapOrThrow(await kms.unwrap(old.wrapped, context))).toEqual(old.plaintext);
    const rewrapped = unwrapOrThrow(await kms.rewrap(old.wrapped, context));
    expect(rewrapped.version).toBe(2);
    expect(unwrapOrThrow(await kms.unwrap(rewrapped, context))).toEqual(old.plaintext);
  });

  it('serializes concurrent rotations into consecutive versions', async () => {
    const { kms, saved } = setup();
    const results = await Promise.all([
      kms.rotate('cards'),
      kms.rotate('cards'),
      kms.rotate('cards'),
    ]);
    expect(results.map((result) => unwrapOrThrow(result).currentVersion)).toEqual([2, 3, 4]);
    expect(saved.map((keyring) => keyring.keys.get('cards')?.length)).toEqual([2, 3, 4]);
  });

  it('creates keys idempotently and persists only real changes', async () => {
    const { kms, saved } = setup();
    const created = unwrapOrThrow(await kms.createKey('fields'));
    expect(created).toMatchObject({ keyId: 'fields', currentVersion: 1 });
    expect(unwrapOrThrow(await kms.createKey('fields'))).toEqual(created);
    expect(unwrapOrThrow(await kms.createKey('cards')).currentVersion).toBe(1);
    expect(saved).toHaveLength(1);
    // What was persisted round-trips through the keyring file format.
    const reread = unwrapOrThrow(
      parseSoftwareKeyring(formatSoftwareKeyring(saved[0] as SoftwareKeyring)),
    );
    const restarted = createSoftwareKms({ keyring: reread });
    const dataKey = unwrapOrThrow(await kms.generateDataKey('fields', context));
    expect(unwrapOrThrow(await restarted.unwrap(dataKey.wrapped, context))).toEqual(
      dataKey.plaintext,
    );
  });

  it('drops a new version whose keyring could not be saved', async () => {
    const kms = createSoftwareKms({
      keyring: generateSoftwareKeyring(['cards'], new FakeClock()),
      persist: async () => {
        throw Object.assign(new Error('EACCES: permission denied, open /secret/path'), {
          code: 'EACCES',
        });
      },
    });
    const error = (await kms.rotate('cards'))._unsafeUnwrapErr();
    expect(error).toEqual({
      type: 'infrastructure',
      retryable: true,
      operation: 'software_kms.persist',
      message: 'the keyring could not be saved; the new key version was discarded',
      code: 'EACCES',
    });
    expect(unwrapOrThrow(await kms.describe('cards')).currentVersion).toBe(1);
    expect((await kms.createKey('fields')).isErr()).toBe(true);
    expect((await kms.describe('fields'))._unsafeUnwrapErr().type).toBe('kms.key_not_found');
  });

  it('answers bad requests with typed errors', async () => {
    const { kms } = setup();
    expect((await kms.describe('nope'))._unsafeUnwrapErr()).toEqual({
      type: 'kms.key_not_found',
      keyId: 'nope',
    });
    expect((await kms.rotate('nope'))._unsafeUnwrapErr()).toEqual({
      type: 'kms.key_not_found',
      keyId: 'nope',
    });
    expect((await kms.generateDataKey('Bad Name', context))._unsafeUnwrapErr()).toEqual({
      type: 'kms.invalid_request',
      field: 'keyId',
      reason: 'bad_format',
    });
    expect((await kms.wrap('cards', new Uint8Array(16), context))._unsafeUnwrapErr()).toEqual({
      type: 'kms.invalid_request',
      field: 'plaintext',
      reason: 'not_32_bytes',
    });
    expect((await kms.generateDataKey('cards', { Tenant: 'x' }))._unsafeUnwrapErr()).toEqual({
      type: 'kms.invalid_request',
      field: 'context',
      reason: 'bad_key',
    });
    const wrapped: WrappedKey = { keyId: 'nope', version: 1, ciphertext: new Uint8Array(60) };
    expect((await kms.unwrap(wrapped, context))._unsafeUnwrapErr().type).toBe('kms.key_not_found');
  });

  it('wraps key material the caller holds, and refuses use after close', async () => {
    const { kms } = setup();
    const key = new Uint8Array(32).fill(5);
    const wrapped = unwrapOrThrow(await kms.wrap('cards', key, context));
    expect(unwrapOrThrow(await kms.unwrap(wrapped, context))).toEqual(key);
    await kms.close();
    await expect(kms.describe('cards')).rejects.toThrow(/closed/);
  });

  it('keeps its own copy of the keyring material', async () => {
    const keyring = generateSoftwareKeyring(['cards'], new FakeClock());
    const kms = createSoftwareKms({ keyring });
    const dataKey = unwrapOrThrow(await kms.generateDataKey('cards', context));
    keyring.keys.get('cards')?.[0]?.material.fill(0);
    expect(unwrapOrThrow(await kms.unwrap(dataKey.wrapped, context))).toEqual(dataKey.plaintext);
  });
});
