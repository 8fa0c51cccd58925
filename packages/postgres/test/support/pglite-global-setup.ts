import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src/index.js';
import { createPGliteKysely } from '../../src/pglite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Tarballs of a PGlite data directory before and after the Strongroom migrations. */
    readonly pgliteDataDirs: { readonly fresh: string; readonly migrated: string };
  }
}

/**
 * Runs PGlite's initdb once for the whole run: a new instance spends seconds in it, while one
 * loaded from a dumped data directory starts in about one.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), 'strongroom-pglite-'));
  const pglite = new PGlite();
  // Dumping before the instance is ready never settles.
  await pglite.waitReady;
  const fresh = join(folder, 'fresh.tar');
  const migrated = join(folder, 'migrated.tar');
  await writeFile(fresh, await (await pglite.dumpDataDir('none')).bytes());
  await migrateToLatest(createPGliteKysely(pglite));
  await writeFile(migrated, await (await pglite.dumpDataDir('none')).bytes());
  await pglite.close();
  project.provide('pgliteDataDirs', { fresh, migrated });
  return () => rm(folder, { recursive: true, force: true });
}
