import { fileURLToPath } from 'node:url';
import { strongroomProject } from '../../vitest.shared.ts';

export default strongroomProject('postgres', {
  globalSetup: [fileURLToPath(new URL('./test/support/pglite-global-setup.ts', import.meta.url))],
  // Files of a worker share one PGlite instance (see test/support/pglite-instance.ts): starting
  // one costs seconds, the rest of a file's tests far less.
  isolate: false,
  // A file creates a database on the shared server or starts a PGlite instance before its tests.
  hookTimeout: 60_000,
  testTimeout: 30_000,
});
