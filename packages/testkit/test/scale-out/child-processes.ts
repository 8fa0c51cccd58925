import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { STOP_LINE, WORKLOAD_DONE_LINE } from './scale-out-config.js';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD_ENTRY = fileURLToPath(new URL('./scale-out-child.ts', import.meta.url));
// The children import the workspace packages from their sources, through the repository's
// tsconfig paths (the same mapping the vitest projects use), so no build is needed.
const TSCONFIG = `${REPOSITORY_ROOT}tsconfig.base.json`;
// What a failed child's error output keeps for the test's message.
const STDERR_KEPT_CHARACTERS = 8_000;

/** A child process of the scale-out test. */
export interface ScaleOutChild {
  readonly index: number;
  /** Resolves when the child has run its workload (its worker still runs). */
  readonly workloadDone: Promise<void>;
  /** Whether the workload is done. */
  finished(): boolean;
  /** Resolves with the exit code once the child has exited. */
  readonly exited: Promise<number | null>;
  /** Asks the child to stop its worker, report and exit. */
  stop(): void;
  /** Ends a child that does not stop (SIGKILL), if it still runs. */
  kill(): void;
  /** The end of its error output, for failure messages. */
  stderr(): string;
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Starts `scale-out-child.ts` with its config file, on this Node with the tsx loader. */
export function spawnScaleOutChild(index: number, configPath: string): ScaleOutChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_ENTRY, configPath], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let errors = '';
  let done = false;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    errors = (errors + chunk).slice(-STDERR_KEPT_CHARACTERS);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
  });
  const workloadDone = new Promise<void>((resolve, reject) => {
    if (child.stdout === null) throw new Error('the child has a stdout pipe');
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line !== WORKLOAD_DONE_LINE) return;
      done = true;
      resolve();
    });
    void exited.then((code) =>
      reject(new Error(`scale-out child ${index} exited (${code}) before its workload was done`)),
    );
  });
  // Rejections surface through the awaited promise; this keeps an unawaited one from being fatal.
  workloadDone.catch(() => {});
  return {
    index,
    workloadDone,
    exited,
    finished: () => done,
    stop() {
      if (running(child)) child.stdin?.write(`${STOP_LINE}\n`);
    },
    kill() {
      if (running(child)) child.kill('SIGKILL');
    },
    stderr: () => errors,
  };
}
