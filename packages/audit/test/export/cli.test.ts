import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unwrapOrThrow } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLog } from '../../src/index.js';
import {
  appendMany,
  createHarness,
  drain,
  type Harness,
  SEED_NEW,
  SEED_OLD,
} from '../log/audit-fixture.js';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = fileURLToPath(new URL('../../src/cli/strongroom-audit.ts', import.meta.url));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// Runs the CLI from its TypeScript source (through tsx) with the Node that runs the tests. The
// base tsconfig's `paths` point tsx at the sibling packages' sources, so no build is needed.
function run(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, ...args],
      {
        cwd: repositoryRoot,
        env: { ...process.env, TSX_TSCONFIG_PATH: `${repositoryRoot}tsconfig.base.json` },
        encoding: 'utf8',
        timeout: 25_000,
      },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

describe('strongroom-audit verify', () => {
  let directory: string;
  let harness: Harness;
  let vkeys: string[];
  let lines: string[];

  const write = (name: string, content: readonly string[]) => {
    const path = join(directory, name);
    writeFileSync(path, `${content.join('\n')}\n`);
    return path;
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'strongroom-audit-cli-'));
    harness = createHarness({ masterSeeds: [SEED_NEW, SEED_OLD], batchSize: 3 });
    await appendMany(harness, 7);
    await drain(harness);
    vkeys = harness.log.signers(harness.tenantId).map((signer) => signer.vkey);
    lines = [];
    for await (const line of exportLog(harness.storage, harness.tenantId)) lines.push(line);
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('verifies an intact export offline and exits 0, given the keys of a rotation', async () => {
    const verified = unwrapOrThrow(await harness.log.verify(harness.tenantId));
    const file = write('intact.jsonl', lines);
    const result = await run('verify', file, '--key', vkeys[0] ?? '', '--key', vkeys[1] ?? '');
    expect([result.status, result.stdout.trim(), result.stderr]).toEqual([
      0,
      `OK: 7 entries, root ${Buffer.from(verified.rootHash).toString('hex')}`,
      '',
    ]);
  });

  it('exits 1 with the reason and first bad entry for a tampered export', async () => {
    const dropped = write(
      'dropped.jsonl',
      lines.filter((_, i) => i !== 3),
    );
    const result = await run('verify', dropped, '--key', vkeys[1] ?? '');
    expect([result.status, result.stdout.trim()]).toEqual([1, 'FAILED: missing_entry at entry 2']);
  });

  it('exits 2 on bad usage, printing the usage and no result', async () => {
    const result = await run('verify', write('usage.jsonl', lines));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: strongroom-audit verify <export.jsonl> --key <vkey>');
    expect(result.stdout).toBe('');
  });
});
