import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createArgon2PasswordHasher } from '../src/node/argon2-password-hasher.js';
import { Argon2ThreadPool } from '../src/node/argon2-thread-pool.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const hashOnce = fileURLToPath(new URL('./fixtures/hashing/hash-once.ts', import.meta.url));

const FAST_JOB = {
  message: 'correct horse battery staple',
  nonce: new Uint8Array(16).fill(9),
  memory: 1024,
  passes: 1,
  parallelism: 1,
  tagLength: 32,
};

/** The nice value of every thread of this process (field 19 of `/proc/self/task/<tid>/stat`). */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((thread) => {
    const stat = readFileSync(`/proc/self/task/${thread}/stat`, 'utf8');
    // The fields after the command name, which may hold spaces, start with the state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]);
  });
}

describe('argon2 hashing threads', () => {
  it.runIf(process.platform === 'linux')(
    'run ten steps below the priority of the thread that hashes, which keeps its own',
    async () => {
      const before = getPriority(0);
      const hasher = createArgon2PasswordHasher(
        { memoryKib: 1024, passes: 1, parallelism: 1 },
        { allowWeakParameters: true, maxConcurrentHashes: 1, niceIncrement: 10 },
      );
      expect(await hasher.hash('correct horse battery staple')).toMatch(/^\$argon2id\$/);
      // The pool's thread stays up, idle, after its hash.
      expect(threadNiceValues()).toContain(Math.min(19, before + 10));
      expect(getPriority(0)).toBe(before);
    },
  );

  it("answer argon2's refusal as an error and keep computing", async () => {
    const pool = new Argon2ThreadPool(1, 0);
    // argon2 needs at least 8 KiB of memory per lane.
    await expect(pool.derive({ ...FAST_JOB, memory: 1 })).rejects.toThrow(/^argon2id failed: /);
    const tag = await pool.derive(FAST_JOB);
    expect(tag).toHaveLength(32);
  });

  it('let the process exit once their hashes are done', async () => {
    const outcome = await new Promise<{ code: number | string | null; stdout: string }>(
      (resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', hashOnce],
          {
            cwd: repositoryRoot,
            env: { ...process.env, TSX_TSCONFIG_PATH: `${repositoryRoot}tsconfig.base.json` },
            encoding: 'utf8',
            // Far longer than a weak hash and tsx's start take; a process held open is killed.
            timeout: 25_000,
          },
          (error, stdout) => resolve({ code: error === null ? 0 : (error.code ?? null), stdout }),
        );
      },
    );
    expect(outcome).toEqual({ code: 0, stdout: 'argon2id\n' });
  });
});
