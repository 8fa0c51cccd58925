/**
 * The one list of vitest projects. Vitest 4+ reads projects from the root config only,
 * so `vitest.config.ts` imports this list; every package and example with tests is here.
 */
export default ['packages/*/vitest.config.ts', 'examples/*/vitest.config.ts'];
