// @ts-check
/**
 * TypeDoc plugin: in `entryPointStrategy: "packages"` mode, give each package the entry points
 * named by its package.json `exports`, mapped from the built files back to the sources
 * (`./dist/adapter.js` -> `./src/adapter.ts`), so `pnpm run docs` documents exactly the public
 * surface and needs no prior build. A package that sets `entryPoints` itself (its own
 * typedoc.json or `typedocOptions`) keeps them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** First string target of an export condition object, preferring the runtime file. */
function target(decl) {
  if (typeof decl === 'string') return decl;
  if (Array.isArray(decl)) return decl.map(target).find(Boolean);
  if (decl && typeof decl === 'object') {
    for (const cond of ['import', 'default', 'node', 'types']) {
      const t = target(decl[cond]);
      if (t) return t;
    }
  }
  return undefined;
}

/** `./dist/x.js` or `./dist/x.d.ts` -> `./src/x.ts`; anything else is returned unchanged. */
function toSource(file) {
  return file.replace(/^\.\/dist\/(.+?)(?:\.d)?\.(?:[cm]?js|[cm]?ts)$/, './src/$1.ts');
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.options.addReader({
    name: 'strongroom-package-exports',
    // After typedoc.json (100) and package.json typedocOptions (150), before tsconfig (200).
    order: 175,
    supportsPackages: true,
    read(container, logger, cwd) {
      if (!container.packageDir || container.isSet('entryPoints')) return;
      const manifest = join(cwd, 'package.json');
      if (!existsSync(manifest)) return;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      const exp = pkg.exports;
      const entries =
        typeof exp === 'string' ||
        Array.isArray(exp) ||
        (exp && !Object.keys(exp)[0]?.startsWith('.'))
          ? { '.': exp }
          : (exp ?? {});
      const sources = [];
      for (const [subpath, decl] of Object.entries(entries)) {
        if (subpath === './package.json' || subpath.includes('*')) continue;
        const file = target(decl);
        if (!file || file.endsWith('.json')) continue;
        const source = toSource(file);
        if (!existsSync(join(cwd, source))) {
          logger.error(
            `${pkg.name}: export "${subpath}" -> ${file} has no source at ${source} (typedoc maps ./dist/X.js to ./src/X.ts)`,
          );
          continue;
        }
        sources.push(source);
      }
      if (Object.keys(entries).length === 0) {
        logger.error(`${pkg.name ?? cwd}: package.json has no "exports" to document`);
      }
      if (sources.length === 0) return;
      container.setValue('entryPoints', sources, cwd);
    },
  });
}
