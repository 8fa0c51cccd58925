import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AssertionFailure,
  cardSafeIds,
  containsCardNumber,
  ID_PREFIXES,
  type Id,
  type IdGenerator,
  isValidIdPrefix,
  parseId,
  resolveIdGenerator,
  typeIdGenerator,
} from '../src/index.js';

// A TypeID suffix: 26 Crockford base32 characters (lowercase), the first at most `7`.
const SUFFIX_PATTERN = /^[0-7][0-9a-hjkmnp-tv-z]{25}$/;

describe('ID_PREFIXES and isValidIdPrefix', () => {
  it('lists valid, distinct prefixes', () => {
    const prefixes = Object.values(ID_PREFIXES);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const prefix of prefixes) expect(isValidIdPrefix(prefix)).toBe(true);
  });

  it.each(['a', 'a'.repeat(17), 'Acc', 'ac_c', 'ac1', '', 'ac c', 'accé'])(
    'refuses %j',
    (prefix) => {
      expect(isValidIdPrefix(prefix)).toBe(false);
    },
  );

  it('accepts 2 to 16 lowercase letters', () => {
    expect(isValidIdPrefix('ab')).toBe(true);
    expect(isValidIdPrefix('a'.repeat(16))).toBe(true);
  });
});

describe('typeIdGenerator', () => {
  it('mints ids with the prefix and a TypeID suffix', () => {
    const id = typeIdGenerator.next(ID_PREFIXES.account);
    const [prefix, suffix] = id.split('_');
    expect(prefix).toBe('acc');
    expect(suffix).toMatch(SUFFIX_PATTERN);
  });

  it('mints ids that parseId reads back unchanged', () => {
    for (const prefix of Object.values(ID_PREFIXES)) {
      const id = typeIdGenerator.next(prefix);
      expect(parseId(prefix, id)._unsafeUnwrap()).toBe(id);
    }
  });

  it('mints unique ids that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => typeIdGenerator.next('evt'));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('puts the creation time in the id', () => {
    const before = Date.now();
    const id = typeIdGenerator.next('trf');
    const after = Date.now();
    // The first 10 suffix characters are the 48-bit millisecond timestamp (UUIDv7), base32.
    const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
    const time = [...(id.split('_')[1] ?? '').slice(0, 10)].reduce(
      (value, character) => value * 32 + alphabet.indexOf(character),
      0,
    );
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
  });

  it.each(['', 'a', 'Acc', 'acc_x', 'a1'])('treats the prefix %j as a bug', (prefix) => {
    expect(() => typeIdGenerator.next(prefix)).toThrow(AssertionFailure);
  });
});

// A generator that mints the given suffixes in turn, counting its draws.
function scriptedIds(suffixes: readonly string[]): IdGenerator & { draws: number } {
  const generator = {
    draws: 0,
    next<Prefix extends string>(prefix: Prefix): Id<Prefix> {
      const suffix = suffixes[Math.min(generator.draws, suffixes.length - 1)];
      generator.draws += 1;
      return `${prefix}_${suffix}` as Id<Prefix>;
    },
  };
  return generator;
}

describe('cardSafeIds and resolveIdGenerator', () => {
  // The published Visa test number, and the same digits grouped as printed and split by a letter.
  const VISA = '4111111111111111';

  it('draws again when an id holds a card-number-like run, and hands out the next one', () => {
    for (const unsafe of [VISA, `01${VISA}x`, '4111-1111-1111-1111']) {
      const inner = scriptedIds([unsafe, '01kabc']);
      expect(containsCardNumber(unsafe)).toBe(true);
      expect(cardSafeIds(inner).next('usr')).toBe('usr_01kabc');
      expect(inner.draws).toBe(2);
    }
  });

  it('hands out ids without such a run at the first draw, Luhn-invalid digit runs included', () => {
    expect(containsCardNumber('123456789012')).toBe(false);
    const inner = scriptedIds(['123456789012']);
    expect(cardSafeIds(inner).next('acc')).toBe('acc_123456789012');
    expect(inner.draws).toBe(1);
  });

  it('treats a generator that keeps minting card-like ids as a bug, after eight draws', () => {
    const inner = scriptedIds([VISA]);
    expect(() => cardSafeIds(inner).next('bat')).toThrow(AssertionFailure);
    expect(inner.draws).toBe(8);
  });

  it('wraps a generator once: the default and an already safe one come back as they are', () => {
    expect(cardSafeIds(typeIdGenerator)).toBe(typeIdGenerator);
    expect(resolveIdGenerator(undefined)).toBe(typeIdGenerator);
    const safe = resolveIdGenerator(scriptedIds(['a']));
    expect(resolveIdGenerator(safe)).toBe(safe);
    expect(cardSafeIds(safe)).toBe(safe);
  });
});

describe('parseId', () => {
  const valid = 'acc_01h455vb4pex5vsknk084sn02q';

  it('accepts a well-formed id with the expected prefix', () => {
    expect(parseId('acc', valid)._unsafeUnwrap()).toBe(valid);
  });

  it.each([
    [42, 'not_a_string'],
    [null, 'not_a_string'],
    [undefined, 'not_a_string'],
    [{ id: valid }, 'not_a_string'],
    [`${valid}0`, 'too_long'],
    [`acc_${'0'.repeat(1000)}`, 'too_long'],
    ['trf_01h455vb4pex5vsknk084sn02q', 'wrong_prefix'],
    ['ac_01h455vb4pex5vsknk084sn02q', 'wrong_prefix'],
    ['01h455vb4pex5vsknk084sn02q', 'wrong_prefix'],
    ['ACC_01h455vb4pex5vsknk084sn02q', 'wrong_prefix'],
    ['', 'wrong_prefix'],
    ['acc_', 'bad_format'],
    ['acc_01h455vb4pex5vsknk084sn02', 'bad_format'],
    ['acc_01H455VB4PEX5VSKNK084SN02Q', 'bad_format'],
    ['acc_81h455vb4pex5vsknk084sn02q', 'bad_format'],
    ['acc_01h455vb4pex5vsknk084sn0uq', 'bad_format'],
    ['acc_01h455vb4pex5vsknk084sn0iq', 'bad_format'],
    ['acc_01h455vb4pex5vsknk084sn0lq', 'bad_format'],
    ['acc_01h455vb4pex5vsknk084sn0oq', 'bad_format'],
    ['acc_01h455vb4pex5vsknk084sn0-q', 'bad_format'],
    ['acc_01h455vb4pex5vsknk084sn0éq', 'bad_format'],
    ['acc_01h455vb4pex5vsknk084sn0 q', 'bad_format'],
  ])('refuses %j as %s', (input, reason) => {
    expect(parseId('acc', input)._unsafeUnwrapErr()).toEqual({
      type: 'validation',
      field: 'accId',
      reason,
    });
  });

  it('never throws and never accepts garbage', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (garbage) => {
        const result = parseId('acc', garbage);
        if (result.isOk()) {
          expect(result.value).toBe(garbage);
          expect(garbage.slice(4)).toMatch(SUFFIX_PATTERN);
        }
      }),
    );
    fc.assert(
      fc.property(fc.anything(), (value) => {
        parseId('acc', value);
      }),
    );
  });

  it('round-trips every generated id', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(ID_PREFIXES)), (prefix) => {
        const id = typeIdGenerator.next(prefix);
        expect(parseId(prefix, id)._unsafeUnwrap()).toBe(id);
      }),
    );
  });
});
