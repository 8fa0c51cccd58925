import { unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  containsAnyWindow,
  expectDataKeyBytes,
  freshKek,
  hex,
  type KmsSuiteContext,
  patternKey,
  SUITE_CONTEXT,
} from './kms-suite-context.js';

/** How many data keys the concurrency case asks for at once. */
const CONCURRENT_DATA_KEYS = 20;

/** Data keys: generated, wrapped, unwrapped, never leaked into the wrapped form. */
export function defineWrapCases(context: KmsSuiteContext): void {
  it('generates a random 32-byte data key whose wrapped form unwraps to the same bytes', async () => {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    const first = unwrapOrThrow(await kms.generateDataKey(keyId, SUITE_CONTEXT));
    const second = unwrapOrThrow(await kms.generateDataKey(keyId, SUITE_CONTEXT));
    expectDataKeyBytes(first.plaintext);
    expectDataKeyBytes(second.plaintext);
    expect(hex(first.plaintext)).not.toBe(hex(second.plaintext));
    expect(hex(first.wrapped.ciphertext)).not.toBe(hex(second.wrapped.ciphertext));
    expect(first.wrapped.keyId).toBe(keyId);
    expect(first.wrapped.version).toBe(1);
    expect(first.wrapped.ciphertext).toBeInstanceOf(Uint8Array);

    const unwrapped = unwrapOrThrow(await kms.unwrap(first.wrapped, SUITE_CONTEXT));
    expect(hex(unwrapped)).toBe(hex(first.plaintext));
  });

  it('wraps key material the caller holds, with a fresh ciphertext every time', async () => {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    const material = crypto.getRandomValues(new Uint8Array(32));
    const once = unwrapOrThrow(await kms.wrap(keyId, material, SUITE_CONTEXT));
    const twice = unwrapOrThrow(await kms.wrap(keyId, material, SUITE_CONTEXT));
    expect(once).toMatchObject({ keyId, version: 1 });
    expect(hex(once.ciphertext)).not.toBe(hex(twice.ciphertext));
    expect(hex(unwrapOrThrow(await kms.unwrap(once, SUITE_CONTEXT)))).toBe(hex(material));
    expect(hex(unwrapOrThrow(await kms.unwrap(twice, SUITE_CONTEXT)))).toBe(hex(material));
  });

  it('refuses to wrap key material that is not 32 bytes', async () => {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    for (const length of [0, 1, 16, 31, 33, 64]) {
      const result = await kms.wrap(keyId, new Uint8Array(length).fill(7), SUITE_CONTEXT);
      expect(result._unsafeUnwrapErr(), `${length} bytes`).toMatchObject({
        type: 'kms.invalid_request',
        field: 'plaintext',
      });
    }
  });

  it('binds a context whatever the order of its entries, and accepts an empty one', async () => {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    const wrapped = unwrapOrThrow(
      await kms.wrap(keyId, patternKey(), { purpose: 'cards', tenant: 'tenant-a', record: 'r1' }),
    );
    const reordered = { record: 'r1', tenant: 'tenant-a', purpose: 'cards' };
    expect(hex(unwrapOrThrow(await kms.unwrap(wrapped, reordered)))).toBe(hex(patternKey()));

    const bare = unwrapOrThrow(await kms.generateDataKey(keyId, {}));
    expect(hex(unwrapOrThrow(await kms.unwrap(bare.wrapped, {})))).toBe(hex(bare.plaintext));
  });

  it('never puts the plaintext key into the wrapped form', async () => {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    const generated = unwrapOrThrow(await kms.generateDataKey(keyId, SUITE_CONTEXT));
    expect(containsAnyWindow(generated.wrapped.ciphertext, generated.plaintext, 8)).toBe(false);
    const wrapped = unwrapOrThrow(await kms.wrap(keyId, patternKey(0x5a), SUITE_CONTEXT));
    expect(containsAnyWindow(wrapped.ciphertext, patternKey(0x5a), 8)).toBe(false);
  });

  it('hands the caller buffers it owns: zeroing them breaks nothing', async () => {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    const generated = unwrapOrThrow(await kms.generateDataKey(keyId, SUITE_CONTEXT));
    const expected = hex(generated.plaintext);
    generated.plaintext.fill(0);
    const unwrapped = unwrapOrThrow(await kms.unwrap(generated.wrapped, SUITE_CONTEXT));
    expect(hex(unwrapped)).toBe(expected);
    unwrapped.fill(0);
    expect(hex(unwrapOrThrow(await kms.unwrap(generated.wrapped, SUITE_CONTEXT)))).toBe(expected);

    const material = patternKey(0x3c);
    const wrapped = unwrapOrThrow(await kms.wrap(keyId, material, SUITE_CONTEXT));
    material.fill(0);
    expect(hex(unwrapOrThrow(await kms.unwrap(wrapped, SUITE_CONTEXT)))).toBe(
      hex(patternKey(0x3c)),
    );
  });

  it(`generates ${CONCURRENT_DATA_KEYS} data keys at once, all distinct and all unwrapping`, async () => {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    const keys = (
      await Promise.all(
        Array.from({ length: CONCURRENT_DATA_KEYS }, () =>
          kms.generateDataKey(keyId, SUITE_CONTEXT),
        ),
      )
    ).map((result) => unwrapOrThrow(result));
    expect(new Set(keys.map((key) => hex(key.plaintext))).size).toBe(CONCURRENT_DATA_KEYS);
    expect(new Set(keys.map((key) => hex(key.wrapped.ciphertext))).size).toBe(CONCURRENT_DATA_KEYS);
    const unwrapped = await Promise.all(keys.map((key) => kms.unwrap(key.wrapped, SUITE_CONTEXT)));
    unwrapped.forEach((result, index) => {
      expect(hex(unwrapOrThrow(result))).toBe(hex(keys[index]?.plaintext ?? new Uint8Array()));
    });
  });
}
