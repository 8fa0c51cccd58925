import { TypeID } from 'typeid-js';
import { containsCardNumber } from '../cards/card-number.js';
import { AssertionFailure, assert } from '../errors/assert.js';
import { type Id, isValidIdPrefix } from './type-id.js';

/**
 * Mints new ids; a port so tests can make ids deterministic. An id must never contain a
 * Luhn-valid 12–19 digit run: ids are stored in clear and written into audit leaves, which
 * refuse anything that could be a card number. {@link cardSafeIds} makes any generator keep that.
 */
export interface IdGenerator {
  /** A new, never-before-seen id with the given prefix. */
  next<Prefix extends string>(prefix: Prefix): Id<Prefix>;
}

/**
 * Draws before giving up. A random TypeID holds a card-number-like run about once in 1.5 million
 * draws (measured over 3 million), so a generator that fails eight in a row is broken, not unlucky.
 */
const DRAWS_MAX = 8;

// Generators already made card-safe, so wrapping one again (a facade handing its ids to a
// component that resolves them too) costs nothing.
const cardSafeGenerators = new WeakSet<IdGenerator>();

/**
 * A generator that draws again whenever `ids` mints an id containing a card-number-like run, so a
 * command never fails, and a user can never be refused sign-up, over an id Strongroom chose itself.
 * A generator that keeps minting such ids is a bug and fails an assertion.
 */
export function cardSafeIds(ids: IdGenerator): IdGenerator {
  if (cardSafeGenerators.has(ids)) return ids;
  const safe: IdGenerator = {
    next<Prefix extends string>(prefix: Prefix): Id<Prefix> {
      for (let draw = 0; draw < DRAWS_MAX; draw += 1) {
        const id = ids.next(prefix);
        if (!containsCardNumber(id)) return id;
      }
      throw new AssertionFailure('the id generator keeps minting ids that look like card numbers');
    },
  };
  cardSafeGenerators.add(safe);
  return safe;
}

/** The default generator: TypeIDs over UUIDv7 from `typeid-js`, time-ordered, random and card-safe. */
export const typeIdGenerator: IdGenerator = cardSafeIds({
  next<Prefix extends string>(prefix: Prefix): Id<Prefix> {
    assert(isValidIdPrefix(prefix), 'id prefixes are 2-16 lowercase letters');
    return new TypeID(prefix).toString() as unknown as Id<Prefix>;
  },
});

/** The generator a component uses: the host's made card-safe, or {@link typeIdGenerator}. */
export function resolveIdGenerator(ids: IdGenerator | undefined): IdGenerator {
  return cardSafeIds(ids ?? typeIdGenerator);
}
