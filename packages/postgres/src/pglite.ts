/**
 * `@strongroom/postgres/pglite`: the Strongroom storage on PGlite, PostgreSQL in WebAssembly,
 * in-process (tests, demos, embedded apps). Needs the optional peer `@electric-sql/pglite`.
 * @module
 */
export { pgliteParsers } from './pglite-parsers.js';
export {
  createPGliteKysely,
  createPGliteStorage,
  type PGliteStorageOptions,
} from './pglite-storage.js';
