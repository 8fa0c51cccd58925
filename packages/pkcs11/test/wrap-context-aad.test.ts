import { unwrapOrThrow } from '@strongroom/kernel';
import { encodeWrapContext } from '@strongroom/vault';
import { describe, expect, it } from 'vitest';
import { kekLabel, parseKekLabel } from '../src/kek-object.js';
import { wrapAad } from '../src/wrap-context-aad.js';

const aad = (keyId: string, version: number, context: Record<string, string>) =>
  wrapAad(keyId, version, unwrapOrThrow(encodeWrapContext(context))).toString('hex');

describe('wrap additional data', () => {
  it('does not depend on the order of context entries', () => {
    expect(aad('cards', 1, { tenant: 't', purpose: 'p', record: 'r' })).toBe(
      aad('cards', 1, { record: 'r', purpose: 'p', tenant: 't' }),
    );
  });

  it('differs whenever the KEK, version or any entry differs, even where text could run together', () => {
    const all = [
      aad('cards', 1, { ab: 'c' }),
      aad('cards', 1, { a: 'bc' }),
      aad('cards', 1, { a: 'b', c: '' }),
      aad('cards', 1, {}),
      aad('cards', 2, { ab: 'c' }),
      aad('cards-2', 1, { ab: 'c' }),
      aad('card', 1, { sab: 'c' }),
    ];
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('KEK labels', () => {
  it('round-trip version and creation time', () => {
    const label = { version: 12, createdAt: new Date('2026-05-06T07:08:09.010Z') };
    const text = kekLabel('cards', label);
    expect(text).toBe('strongroom:cards:v12:2026-05-06T07:08:09.010Z');
    expect(parseKekLabel('cards', text)).toEqual(label);
  });

  it('ignore labels of other KEKs and labels this adapter did not write', () => {
    const text = kekLabel('cards', { version: 1, createdAt: new Date(0) });
    expect(parseKekLabel('card', text)).toBeUndefined();
    for (const foreign of [
      'cards',
      'strongroom:cards:v0:2026-05-06T07:08:09.010Z',
      'strongroom:cards:v1:yesterday',
      'strongroom:cards:v1:2026-13-45T07:08:09.010Z',
      'strongroom:cards:v1:2026-05-06T07:08:09.010Z:extra',
    ]) {
      expect(parseKekLabel('cards', foreign), foreign).toBeUndefined();
    }
  });
});
