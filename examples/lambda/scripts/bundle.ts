/**
 * `pnpm --filter @strongroom/example-lambda bundle`: writes dist/handler.mjs, the code the SAM
 * template deploys (`sam deploy --guided` from this folder afterwards).
 * @module
 */
import { fileURLToPath } from 'node:url';
import { bundleHandler } from './bundle-handler.js';

const written = await bundleHandler(fileURLToPath(new URL('../dist', import.meta.url)));
console.log(`wrote ${written}`);
