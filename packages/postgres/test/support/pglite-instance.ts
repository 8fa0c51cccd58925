import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { OUTBOX_TABLE, RECORDS_TABLE } from '../../src/index.js';

/** A new in-memory PGlite, started from a data directory the global setup prepared. */
export async function startPGlite(state: 'fresh' | 'migrated'): Promise<PGlite> {
  const tarball = await readFile(inject('pgliteDataDirs')[state]);
  const pglite = new PGlite({ loadDataDir: new Blob([tarball]) });
  await pglite.waitReady;
  return pglite;
}

// One migrated instance per worker: the project runs files without isolation, one after another
// in each worker, so a file can have the instance to itself after emptying it.
let shared: Promise<PGlite> | undefined;

/** The worker's migrated PGlite, emptied for the calling test file; never close it. */
export async function sharedPGlite(): Promise<PGlite> {
  shared ??= startPGlite('migrated');
  const pglite = await shared;
  await pglite.exec(`truncate ${RECORDS_TABLE}, ${OUTBOX_TABLE}`);
  return pglite;
}
