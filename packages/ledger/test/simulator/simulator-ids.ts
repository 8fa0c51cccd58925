import { assert, type Id, type IdGenerator, isValidIdPrefix } from '@strongroom/kernel';
import type { SimulatorRandom } from './simulator-random.js';

// Crockford base32 in the lowercase spelling TypeIDs use.
const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';
// Its letters only: the audit log refuses identifiers with a Luhn-valid run of 12-19 digits (a
// possible card number), which counters padded with zeros would be.
const LETTERS = 'abcdefghjkmnpqrstvwxyz';
// A TypeID suffix is 26 characters; the first one only carries 3 bits (0-7).
const SUFFIX_LENGTH = 26;

// `value` in base 22 written with LETTERS, left-padded to `length`.
function letters(value: number, length: number): string {
  let text = '';
  let rest = value;
  for (let position = 0; position < length; position += 1) {
    text = (LETTERS[rest % LETTERS.length] as string) + text;
    rest = Math.floor(rest / LETTERS.length);
  }
  assert(rest === 0, 'the value fits its width');
  return text;
}

/** A well-formed TypeID with a random suffix drawn from the simulator's generator. */
export function randomTypeId<Prefix extends string>(
  random: SimulatorRandom,
  prefix: Prefix,
): Id<Prefix> {
  let suffix = BASE32[random.below(8)] as string;
  while (suffix.length < SUFFIX_LENGTH) suffix += BASE32[random.below(32)];
  return `${prefix}_${suffix}` as Id<Prefix>;
}

/**
 * The ids a ledger process mints for itself (command ids, outbox events, audit leaves): the
 * process's number and a counter, so they are unique across every client and restart of a run
 * and the same on every replay of a seed (random TypeIDs would make two replays differ).
 */
export function processIdGenerator(processNumber: number): IdGenerator {
  let counter = 0;
  return {
    next<Prefix extends string>(prefix: Prefix): Id<Prefix> {
      assert(isValidIdPrefix(prefix), 'id prefixes are 2-16 lowercase letters');
      counter += 1;
      const suffix = `0${letters(processNumber, 7)}${letters(counter, 18)}`;
      return `${prefix}_${suffix}` as Id<Prefix>;
    },
  };
}
