import { unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  alteredWrap,
  flipBit,
  freshKek,
  hex,
  type KmsSuiteContext,
  patternKey,
  rotated,
  SUITE_CONTEXT,
} from './kms-suite-context.js';

/** Rotation: new wraps use the current version, old wraps still unwrap, rewrap moves them up. */
export function defineRotationCases(context: KmsSuiteContext): void {
  it('wraps under the new version after a rotation, and still unwraps version-1 wraps', async () => {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    const before = unwrapOrThrow(await kms.generateDataKey(keyId, SUITE_CONTEXT));
    await rotated(kms, keyId);
    const after = unwrapOrThrow(await kms.generateDataKey(keyId, SUITE_CONTEXT));
    const wrappedAfter = unwrapOrThrow(await kms.wrap(keyId, patternKey(), SUITE_CONTEXT));
    expect(before.wrapped.version).toBe(1);
    expect(after.wrapped.version).toBe(2);
    expect(wrappedAfter.version).toBe(2);
    expect(hex(unwrapOrThrow(await kms.unwrap(before.wrapped, SUITE_CONTEXT)))).toBe(
      hex(before.plaintext),
    );
    expect(hex(unwrapOrThrow(await kms.unwrap(after.wrapped, SUITE_CONTEXT)))).toBe(
      hex(after.plaintext),
    );
    expect(hex(unwrapOrThrow(await kms.unwrap(wrappedAfter, SUITE_CONTEXT)))).toBe(
      hex(patternKey()),
    );
  });

  it('rewraps an old wrap under the current version to the same data key', async () => {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    const original = unwrapOrThrow(await kms.generateDataKey(keyId, SUITE_CONTEXT));
    await rotated(kms, keyId);
    await rotated(kms, keyId);
    const moved = unwrapOrThrow(await kms.rewrap(original.wrapped, SUITE_CONTEXT));
    expect(moved).toMatchObject({ keyId, version: 3 });
    expect(hex(moved.ciphertext)).not.toBe(hex(original.wrapped.ciphertext));
    expect(hex(unwrapOrThrow(await kms.unwrap(moved, SUITE_CONTEXT)))).toBe(
      hex(original.plaintext),
    );
    // The old wrap stays valid until the vault retires its version.
    expect(hex(unwrapOrThrow(await kms.unwrap(original.wrapped, SUITE_CONTEXT)))).toBe(
      hex(original.plaintext),
    );
    // A rewrapped key keeps its context binding.
    expect(
      (await kms.unwrap(moved, { ...SUITE_CONTEXT, tenant: 'tenant-b' }))._unsafeUnwrapErr(),
    ).toMatchObject({ type: 'kms.unwrap_failed', keyId, version: 3 });
  });

  it('rewraps a wrap that is already current into one that is still valid', async () => {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    const original = unwrapOrThrow(await kms.generateDataKey(keyId, SUITE_CONTEXT));
    const again = unwrapOrThrow(await kms.rewrap(original.wrapped, SUITE_CONTEXT));
    expect(again).toMatchObject({ keyId, version: 1 });
    expect(hex(unwrapOrThrow(await kms.unwrap(again, SUITE_CONTEXT)))).toBe(
      hex(original.plaintext),
    );
  });

  it('refuses to rewrap under another context, a tampered wrap or an unknown version', async () => {
    const kms = context.kms();
    const { keyId } = await freshKek(kms);
    const { wrapped } = unwrapOrThrow(await kms.generateDataKey(keyId, SUITE_CONTEXT));
    await rotated(kms, keyId);
    expect(
      (await kms.rewrap(wrapped, { ...SUITE_CONTEXT, purpose: 'fields' }))._unsafeUnwrapErr(),
    ).toMatchObject({ type: 'kms.unwrap_failed', keyId, version: 1 });
    const tampered = alteredWrap(wrapped, { ciphertext: flipBit(wrapped.ciphertext, -1) });
    expect((await kms.rewrap(tampered, SUITE_CONTEXT))._unsafeUnwrapErr()).toMatchObject({
      type: 'kms.unwrap_failed',
      keyId,
      version: 1,
    });
    expect(
      (await kms.rewrap(alteredWrap(wrapped, { version: 9 }), SUITE_CONTEXT))._unsafeUnwrapErr(),
    ).toMatchObject({ type: 'kms.key_version_not_found', keyId, version: 9 });
  });
}
