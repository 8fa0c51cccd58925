import { Worker } from 'node:worker_threads';
import { assert } from '@strongroom/kernel';

/** One argon2id computation, in the names `crypto.argon2Sync` takes. */
export interface Argon2Job {
  readonly message: string;
  readonly nonce: Uint8Array;
  /** KiB. */
  readonly memory: number;
  readonly passes: number;
  readonly parallelism: number;
  readonly tagLength: number;
}

/** A worker's answer to one {@link Argon2Job}: the tag, or why argon2 refused the job. */
export type Argon2Answer = { readonly tag: Uint8Array } | { readonly failure: string };

/** The most a worker lowers its own priority: 19 is the lowest priority Linux has. */
export const ARGON2_NICE_INCREMENT_MAX = 19;

/**
 * The worker's whole program. It runs from its source text (`Worker` with `eval`), so the same
 * code serves the TypeScript sources under test and the bundled package, with no worker file to
 * locate; that is why it closes over nothing and reaches Node's modules through
 * `getBuiltinModule`. It first lowers its own thread's priority by `niceIncrement` (Linux gives
 * each thread a nice value of its own, so the event loop and every other thread keep theirs),
 * then answers each job with `argon2Sync`, which blocks this thread only. A failure is answered
 * with argon2's message, which names parameters, never the password.
 */
function argon2WorkerMain(niceIncrement: number, lowestPriority: number): void {
  const { argon2Sync } = process.getBuiltinModule('node:crypto');
  const { getPriority, setPriority } = process.getBuiltinModule('node:os');
  const { parentPort } = process.getBuiltinModule('node:worker_threads');
  if (niceIncrement > 0) setPriority(0, Math.min(lowestPriority, getPriority(0) + niceIncrement));
  parentPort?.on('message', (job: Argon2Job) => {
    try {
      const tag = argon2Sync('argon2id', job);
      parentPort.postMessage({ tag }, [tag.buffer]);
    } catch (thrown) {
      parentPort.postMessage({ failure: thrown instanceof Error ? thrown.message : 'failed' });
    }
  });
}

/** Asserts that `niceIncrement` is one a worker can apply: an integer from 0 to 19. */
export function assertNiceIncrement(niceIncrement: number): void {
  assert(
    Number.isInteger(niceIncrement) &&
      niceIncrement >= 0 &&
      niceIncrement <= ARGON2_NICE_INCREMENT_MAX,
    `niceIncrement is an integer from 0 to ${ARGON2_NICE_INCREMENT_MAX}`,
  );
}

/**
 * Starts one argon2 worker whose thread runs `niceIncrement` steps below the process's priority
 * (0 keeps it). It answers each {@link Argon2Job} with an {@link Argon2Answer}, in order.
 */
export function startArgon2Worker(niceIncrement: number): Worker {
  // Spliced into the program's text: anything but a small integer is a bug.
  assertNiceIncrement(niceIncrement);
  const settings = `${niceIncrement}, ${ARGON2_NICE_INCREMENT_MAX}`;
  return new Worker(`(${argon2WorkerMain.toString()})(${settings})`, { eval: true });
}
