import { unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  freshKek,
  freshKekName,
  type KmsSuiteContext,
  patternKey,
  rotated,
  SUITE_CONTEXT,
} from './kms-suite-context.js';

/** Names that break the KEK name pattern: case, separators, length, emptiness. */
const BAD_KEK_NAMES = ['', 'Cards', 'cards key', '../cards', '-cards', 'c'.repeat(65), 'cärds'];

/** Creating, describing and rotating KEKs; names checked before anything reaches the KMS. */
export function defineKeyLifecycleCases(context: KmsSuiteContext): void {
  it('creates a KEK at version 1, and creating it again changes nothing', async () => {
    const kms = context.kms();
    const keyId = freshKekName();
    const created = unwrapOrThrow(await kms.createKey(keyId));
    expect(created.keyId).toBe(keyId);
    expect(created.currentVersion).toBe(1);
    expect(created.versions.map((version) => version.version)).toEqual([1]);
    expect(created.versions[0]?.createdAt).toBeInstanceOf(Date);
    expect(Number.isNaN(created.versions[0]?.createdAt.getTime())).toBe(false);

    const again = unwrapOrThrow(await kms.createKey(keyId));
    expect(again).toEqual(created);
    expect(unwrapOrThrow(await kms.describe(keyId))).toEqual(created);
  });

  it('creates a KEK once when asked concurrently', async () => {
    const kms = context.kms();
    const keyId = freshKekName();
    const results = await Promise.all(Array.from({ length: 5 }, () => kms.createKey(keyId)));
    for (const result of results) expect(unwrapOrThrow(result).currentVersion).toBe(1);
    expect(unwrapOrThrow(await kms.describe(keyId)).versions).toHaveLength(1);
  });

  it('rotates to a new current version, keeps the old one, and lists versions oldest first', async () => {
    const kms = context.kms();
    const { keyId, description: first } = await freshKek(kms);
    const second = await rotated(kms, keyId);
    expect(second.currentVersion).toBe(2);
    expect(second.versions.map((version) => version.version)).toEqual([1, 2]);
    expect(second.versions[0]).toEqual(first.versions[0]);
    const [v1, v2] = second.versions;
    expect(v2?.createdAt).toBeInstanceOf(Date);
    expect(v2?.createdAt.getTime()).toBeGreaterThanOrEqual(v1?.createdAt.getTime() ?? Infinity);

    const third = await rotated(kms, keyId);
    expect(third.currentVersion).toBe(3);
    expect(third.versions.map((version) => version.version)).toEqual([1, 2, 3]);
    expect(unwrapOrThrow(await kms.describe(keyId))).toEqual(third);
    // createKey on an existing KEK describes it; it never resets the versions.
    expect(unwrapOrThrow(await kms.createKey(keyId))).toEqual(third);
  });

  it('reports an unknown KEK as kms.key_not_found on every operation that names one', async () => {
    const kms = context.kms();
    const keyId = freshKekName('missing');
    const expected = { type: 'kms.key_not_found', keyId };
    expect((await kms.describe(keyId))._unsafeUnwrapErr()).toMatchObject(expected);
    expect((await kms.rotate(keyId))._unsafeUnwrapErr()).toMatchObject(expected);
    expect((await kms.generateDataKey(keyId, SUITE_CONTEXT))._unsafeUnwrapErr()).toMatchObject(
      expected,
    );
    expect((await kms.wrap(keyId, patternKey(), SUITE_CONTEXT))._unsafeUnwrapErr()).toMatchObject(
      expected,
    );
    // A failed lookup creates nothing.
    expect((await kms.describe(keyId))._unsafeUnwrapErr()).toMatchObject(expected);
  });

  it('refuses a malformed KEK name with kms.invalid_request on every operation', async () => {
    const kms = context.kms();
    const { keyId: goodKeyId } = await freshKek(kms);
    const wrapped = unwrapOrThrow(await kms.wrap(goodKeyId, patternKey(), SUITE_CONTEXT));
    for (const keyId of BAD_KEK_NAMES) {
      const expected = { type: 'kms.invalid_request', field: 'keyId' };
      expect((await kms.createKey(keyId))._unsafeUnwrapErr(), keyId).toMatchObject(expected);
      expect((await kms.describe(keyId))._unsafeUnwrapErr(), keyId).toMatchObject(expected);
      expect((await kms.rotate(keyId))._unsafeUnwrapErr(), keyId).toMatchObject(expected);
      expect(
        (await kms.generateDataKey(keyId, SUITE_CONTEXT))._unsafeUnwrapErr(),
        keyId,
      ).toMatchObject(expected);
      expect(
        (await kms.wrap(keyId, patternKey(), SUITE_CONTEXT))._unsafeUnwrapErr(),
        keyId,
      ).toMatchObject(expected);
      expect(
        (await kms.unwrap({ ...wrapped, keyId }, SUITE_CONTEXT))._unsafeUnwrapErr(),
        keyId,
      ).toMatchObject(expected);
      expect(
        (await kms.rewrap({ ...wrapped, keyId }, SUITE_CONTEXT))._unsafeUnwrapErr(),
        keyId,
      ).toMatchObject(expected);
    }
  });
}
