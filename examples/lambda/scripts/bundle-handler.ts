import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The module template.yaml's handlers live in, and the file the bundle makes of it. */
export const HANDLER_ENTRY = fileURLToPath(new URL('../src/handler.ts', import.meta.url));

/** The bundle's file name inside its folder: `handler.mjs` gives the template's `handler.*`. */
export const BUNDLE_FILE = 'handler.mjs';

// An ES module bundle still holds CommonJS dependencies (ioredis, pino) that call `require`.
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * Bundles `src/handler.ts` with everything it imports (the AWS SDK v3 included, so the deployed
 * code does not depend on the runtime's copy) into one ES module, `<outputDir>/handler.mjs`, with
 * its source map: the code template.yaml deploys (`CodeUri: dist/`). Workspace packages come from
 * their sources through the tsconfig paths, so no package needs building first.
 */
export async function bundleHandler(outputDir: string): Promise<string> {
  const outfile = `${outputDir}/${BUNDLE_FILE}`;
  await build({
    entryPoints: [HANDLER_ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    sourcemap: true,
    banner: { js: REQUIRE_SHIM },
    logLevel: 'warning',
  });
  return outfile;
}
