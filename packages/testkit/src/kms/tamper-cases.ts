import { unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  alteredWrap,
  flipBit,
  freshKek,
  freshKekName,
  type KmsSuiteContext,
  rotated,
  SUITE_CONTEXT,
} from './kms-suite-context.js';

/** A wrapped key presented with anything changed is refused with a typed error, never a throw. */
export function defineTamperCases(context: KmsSuiteContext): void {
  async function wrappedKey() {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    const { wrapped } = unwrapOrThrow(await kms.generateDataKey(keyId, SUITE_CONTEXT));
    return { kms, keyId, wrapped };
  }

  it('refuses another context: a changed value, an extra entry, a missing entry', async () => {
    const { kms, keyId, wrapped } = await wrappedKey();
    const expected = { type: 'kms.unwrap_failed', keyId, version: 1 };
    for (const other of [
      { ...SUITE_CONTEXT, tenant: 'tenant-b' },
      { ...SUITE_CONTEXT, record: 'r1' },
      { tenant: 'tenant-a' },
      {},
    ]) {
      expect((await kms.unwrap(wrapped, other))._unsafeUnwrapErr()).toMatchObject(expected);
    }
  });

  it('refuses a ciphertext with a flipped bit anywhere, or cut short', async () => {
    const { kms, keyId, wrapped } = await wrappedKey();
    const expected = { type: 'kms.unwrap_failed', keyId, version: 1 };
    const length = wrapped.ciphertext.length;
    for (const index of [0, 1, Math.floor(length / 2), length - 17, length - 1]) {
      const tampered = alteredWrap(wrapped, { ciphertext: flipBit(wrapped.ciphertext, index, 3) });
      expect(
        (await kms.unwrap(tampered, SUITE_CONTEXT))._unsafeUnwrapErr(),
        `byte ${index}`,
      ).toMatchObject(expected);
    }
    for (const ciphertext of [
      new Uint8Array(0),
      wrapped.ciphertext.subarray(0, Math.floor(length / 2)),
      wrapped.ciphertext.subarray(0, length - 1),
    ]) {
      const cut = alteredWrap(wrapped, { ciphertext });
      expect(
        (await kms.unwrap(cut, SUITE_CONTEXT))._unsafeUnwrapErr(),
        `${ciphertext.length} bytes`,
      ).toMatchObject(expected);
    }
    // The genuine wrap still unwraps: nothing above changed state.
    expect((await kms.unwrap(wrapped, SUITE_CONTEXT)).isOk()).toBe(true);
  });

  it('reports a version the KEK never had as kms.key_version_not_found', async () => {
    const { kms, keyId, wrapped } = await wrappedKey();
    for (const version of [7, 0, -1, 1.5]) {
      const result = await kms.unwrap(alteredWrap(wrapped, { version }), SUITE_CONTEXT);
      expect(result._unsafeUnwrapErr(), `version ${version}`).toMatchObject({
        type: 'kms.key_version_not_found',
        keyId,
        version,
      });
    }
  });

  it('refuses a wrap presented under another version or another KEK', async () => {
    const { kms, keyId, wrapped } = await wrappedKey();
    await rotated(kms, keyId);
    const asVersion2 = await kms.unwrap(alteredWrap(wrapped, { version: 2 }), SUITE_CONTEXT);
    expect(asVersion2._unsafeUnwrapErr()).toMatchObject({
      type: 'kms.unwrap_failed',
      keyId,
      version: 2,
    });

    const { keyId: otherKeyId } = await freshKek(kms);
    const asOther = await kms.unwrap(alteredWrap(wrapped, { keyId: otherKeyId }), SUITE_CONTEXT);
    expect(asOther._unsafeUnwrapErr()).toMatchObject({
      type: 'kms.unwrap_failed',
      keyId: otherKeyId,
      version: 1,
    });
  });

  it('reports a wrap naming an unknown KEK as kms.key_not_found', async () => {
    const { kms, wrapped } = await wrappedKey();
    const missing = freshKekName('missing');
    const result = await kms.unwrap(alteredWrap(wrapped, { keyId: missing }), SUITE_CONTEXT);
    expect(result._unsafeUnwrapErr()).toMatchObject({ type: 'kms.key_not_found', keyId: missing });
  });
}
