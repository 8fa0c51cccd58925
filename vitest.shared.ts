import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const exampleSharedEntry = fileURLToPath(
  new URL('./examples/shared/src/index.ts', import.meta.url),
);

/**
 * The vitest project every package uses: tests import sibling packages from their sources
 * (the same mapping as `paths` in tsconfig.base.json), so tests never depend on a prior build.
 */
export function strongroomProject(
  name: string,
  test: NonNullable<UserWorkspaceConfig['test']> = {},
): UserWorkspaceConfig {
  return defineProject({
    resolve: {
      alias: [
        // The examples' shared module lives in examples/, not packages/: matched first, since
        // the generic entries below would send it to packages/example-shared.
        { find: /^@strongroom\/example-shared$/, replacement: exampleSharedEntry },
        // A subpath entry (`@strongroom/kernel/adapter`) is `src/<subpath>.ts` of its package.
        {
          find: /^@strongroom\/([a-z0-9-]+)\/([a-z0-9-]+)$/,
          replacement: `${packagesDir}$1/src/$2.ts`,
        },
        { find: /^@strongroom\/([a-z0-9-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
      ],
    },
    // Adapter tests talk to real servers on a shared 2-core machine: generous timeouts keep a
    // loaded run from failing on time alone (speed is measured by benchmarks, not by tests).
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
    },
  });
}
