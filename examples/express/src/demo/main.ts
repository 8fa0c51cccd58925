import { runHttpDemo } from './run-http-demo.js';

try {
  await runHttpDemo((line) => console.log(line));
} catch (error) {
  // A step's answer was not the expected one (or the service did not start): say which, fail.
  console.error(`\nHTTP demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
