import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleHandler } from '../scripts/bundle-handler.js';
import { httpApiEvent } from '../src/api-gateway-event.js';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment.js';

const run = promisify(execFile);

/** Marks the child's answer among the function's own log lines on standard output. */
const RESULT = 'invocation result: ';

// Lambda's side of an invocation: import the module, call the export the template names with the
// event, print what it answered. The bundle sits alone in a temporary folder, as on Lambda.
const INVOKE = `
const RESULT = ${JSON.stringify(RESULT)};
const [bundle, event] = process.argv.slice(1);
const module = await import(bundle);
const api = await module.handler(JSON.parse(event));
const worker = await module.worker({ 'detail-type': 'Scheduled Event' });
console.log(RESULT + JSON.stringify({ api, worker }));
process.exit(0);
`;

let environment: TestEnvironment;
let folder: string;
beforeAll(async () => {
  environment = await createTestEnvironment('bundle');
  folder = await mkdtemp(join(tmpdir(), 'strongroom-lambda-bundle-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await environment?.dispose();
});

it('bundles handler.ts into one module that serves the API and runs the worker from its environment alone', async () => {
  const bundle = await bundleHandler(folder);
  const event = await httpApiEvent(new Request('https://api.example.com/health/ready'), {
    sourceIp: '198.51.100.1',
    requestId: 'bundle-check',
    now: new Date(),
  });
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '--eval', INVOKE, pathToFileURL(bundle).href, JSON.stringify(event)],
    // Only the function's variables: nothing of this test process leaks into the check.
    { cwd: folder, env: environment.variables, timeout: 60_000 },
  );
  const answer = stdout.split('\n').find((line) => line.startsWith(RESULT));
  if (answer === undefined)
    throw new Error(`the bundle printed no result: ${stdout.slice(-2_000)}`);
  const { api, worker } = JSON.parse(answer.slice(RESULT.length)) as {
    api: { statusCode: number; body: string };
    worker: { tenants: { tenantId: string; jobs: { job: string; errors: string[] }[] }[] };
  };
  expect(api.statusCode).toBe(200);
  expect(JSON.parse(api.body)).toEqual({
    status: 'ok',
    checks: { storage: 'ok', kms: 'ok', redis: 'ok' },
  });
  expect(worker.tenants.map((tenant) => tenant.tenantId)).toEqual(['demo']);
  expect(worker.tenants[0]?.jobs.map((job) => job.job)).toContain('audit_sequencer');
  expect(worker.tenants[0]?.jobs.flatMap((job) => job.errors)).toEqual([]);
}, 120_000);
