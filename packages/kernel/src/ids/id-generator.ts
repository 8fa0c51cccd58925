import { TypeID } from 'typeid-js';
import { assert } from '../errors/assert.js';
import { type Id, isValidIdPrefix } from './type-id.js';

/** Mints new ids; a port so tests can make ids deterministic. */
export interface IdGenerator {
  /** A new, never-before-seen id with the given prefix. */
  next<Prefix extends string>(prefix: Prefix): Id<Prefix>;
}

/** The default generator: TypeIDs over UUIDv7 from `typeid-js`, time-ordered and random. */
export const typeIdGenerator: IdGenerator = {
  next<Prefix extends string>(prefix: Prefix): Id<Prefix> {
    assert(isValidIdPrefix(prefix), 'id prefixes are 2-16 lowercase letters');
    return new TypeID(prefix).toString() as unknown as Id<Prefix>;
  },
};
