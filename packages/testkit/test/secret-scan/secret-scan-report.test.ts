import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  INSPECTIONS_FOLDER,
  LOGS_FOLDER,
  SCANNED_BACKENDS,
  SECRET_SCAN_DIR_VARIABLE,
  type StoreInspection,
} from '../../src/secret-scan.js';
import { PUBLISHED_TEST_PANS } from '../../src/vault/test-cards.js';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const script = join(repositoryRoot, 'packages/testkit/scripts/secret-scan.ts');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
}

// The report as CI runs it, from its TypeScript source through tsx (no build needed: the base
// tsconfig's `paths` lead to the packages' sources), on a scan folder this test writes itself.
function report(directory: string | undefined, ...flags: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TSX_TSCONFIG_PATH: `${repositoryRoot}tsconfig.base.json`,
  };
  delete env[SECRET_SCAN_DIR_VARIABLE];
  if (directory !== undefined) env[SECRET_SCAN_DIR_VARIABLE] = directory;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...flags],
      { cwd: repositoryRoot, env, encoding: 'utf8', timeout: 25_000 },
      (error, stdout) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ status, stdout });
      },
    );
  });
}

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A scan folder as test processes leave it: one clean inspection per backend, and log lines. */
function scanFolder(logLines: readonly string[], extra: readonly StoreInspection[] = []): string {
  const directory = mkdtempSync(join(tmpdir(), 'strongroom-secret-scan-'));
  folders.push(directory);
  mkdirSync(join(directory, INSPECTIONS_FOLDER));
  mkdirSync(join(directory, LOGS_FOLDER));
  const inspections: StoreInspection[] = SCANNED_BACKENDS.map((backend) => ({
    backend,
    store: `${backend} store`,
    rows: 3,
    findings: [],
  }));
  const lines = [...inspections, ...extra].map((inspection) => JSON.stringify(inspection));
  writeFileSync(
    join(directory, INSPECTIONS_FOLDER, 'inspections-1.jsonl'),
    `${lines.join('\n')}\n`,
  );
  writeFileSync(join(directory, LOGS_FOLDER, 'http-1.jsonl'), `${logLines.join('\n')}\n`);
  return directory;
}

const CLEAN_LINE = JSON.stringify({ level: 30, msg: 'request', authorization: '[redacted]' });

describe('the secret scan report', () => {
  it('passes a run whose stores and logs hold no secret, with every backend covered', async () => {
    const run = await report(scanFolder([CLEAN_LINE, CLEAN_LINE]), '--require-every-backend');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('  postgres: 1 stores, 3 rows');
    expect(run.stdout).toContain('  logs: 2 lines');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('secret scan: no secrets found');
  });

  it('fails on a card number planted in a log line, naming the line but not the number', async () => {
    const planted = JSON.stringify({ level: 50, msg: `declined ${PUBLISHED_TEST_PANS.visa}` });
    const run = await report(scanFolder([CLEAN_LINE, planted]));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      `FOUND card_number: visa card number of 16 digits after "msg" in ${LOGS_FOLDER}/http-1.jsonl line 2`,
    );
    expect(run.stdout).not.toContain(PUBLISHED_TEST_PANS.visa);
  });

  it('fails on a log field named like a secret that holds a value', async () => {
    const planted = JSON.stringify({ msg: 'login', body: { password: 'swordfish!' } });
    const run = await report(scanFolder([planted]));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('FOUND password');
    expect(run.stdout).toContain('FOUND unredacted_log_field: a value at $.body.password');
    expect(run.stdout).not.toContain('swordfish');
  });

  it('fails on what a test process found in a store it inspected', async () => {
    const inspection: StoreInspection = {
      backend: 'dynamodb-local',
      store: 'table-1',
      rows: 9,
      findings: [{ kind: 'jwt', where: 'table-1 item 4', hint: 'a signed JWT' }],
    };
    const run = await report(scanFolder([CLEAN_LINE], [inspection]));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('FOUND jwt: a signed JWT in table-1 item 4');
    expect(run.stdout).toContain('  dynamodb-local: 2 stores, 12 rows');
  });

  it('fails a full run that inspected no store of a backend, and refuses to run without a folder', async () => {
    const directory = scanFolder([CLEAN_LINE]);
    rmSync(join(directory, INSPECTIONS_FOLDER), { recursive: true });
    const run = await report(directory, '--require-every-backend');
    expect(run.status).toBe(1);
    for (const backend of SCANNED_BACKENDS) {
      expect(run.stdout).toContain(`MISSING: no ${backend} store was inspected`);
    }
    expect((await report(undefined)).status).toBe(2);
  });
});
