import { types } from '@electric-sql/pglite';
import { PG_TYPE_OID, parseInt8, parseNumeric } from './type-parsers.js';

/**
 * PGlite parsers (`query(…, { parsers })`, keyed by type OID) for int8 as `bigint` and numeric as
 * decimal text, arrays of both likewise. PGlite's own int8 parser returns a `number` whenever the
 * value fits one, so a money column would flip between types with its size.
 */
export const pgliteParsers: Readonly<Record<number, (text: string) => unknown>> = {
  [PG_TYPE_OID.int8]: parseInt8,
  [PG_TYPE_OID.int8Array]: (text) => types.arrayParser(text, parseInt8, PG_TYPE_OID.int8Array),
  [PG_TYPE_OID.numeric]: parseNumeric,
  [PG_TYPE_OID.numericArray]: (text) =>
    types.arrayParser(text, parseNumeric, PG_TYPE_OID.numericArray),
};
