import pg from 'pg';
import { mapArrayElements, PG_TYPE_OID, parseInt8, parseNumeric } from './type-parsers.js';

// pg's registry, only ever read. Its typings accept scalar type ids only; arrays are there too.
const builtinParser = pg.types.getTypeParser as (
  oid: number,
  format: 'text' | 'binary',
) => (text: string) => unknown;
const textArrayParser = builtinParser(1009, 'text');
const int8ArrayParser = builtinParser(PG_TYPE_OID.int8Array, 'text');

// pg's defaults: int8 as string, int8[] as strings, numeric as string, numeric[] as floats.
const textParsers = new Map<number, (text: string) => unknown>([
  [PG_TYPE_OID.int8, parseInt8],
  [PG_TYPE_OID.int8Array, (text) => mapArrayElements(int8ArrayParser(text), parseInt8)],
  [PG_TYPE_OID.numeric, parseNumeric],
  [PG_TYPE_OID.numericArray, (text) => textArrayParser(text)],
]);

/**
 * The `types` option of a pg `Pool` or `Client`, declared here so that this package's public types
 * need no `@types/pg`.
 */
export interface PostgresTypeParsers {
  /** The parser of a type's text or binary form, by type OID. */
  getTypeParser(oid: number, format?: 'text' | 'binary'): (text: string) => unknown;
}

/**
 * Type parsers for a pg `Pool` or `Client` (`new Pool({ types: postgresTypes })`): int8 as
 * `bigint`, numeric as decimal text, arrays of both likewise, everything else as pg parses it.
 * Scoped to the pools given it, unlike `pg.types.setTypeParser`, which would change the parsing
 * of every other pool in the host application.
 */
export const postgresTypes: PostgresTypeParsers = {
  getTypeParser: (oid, format = 'text') =>
    (format === 'text' ? textParsers.get(oid) : undefined) ?? builtinParser(oid, format),
};
