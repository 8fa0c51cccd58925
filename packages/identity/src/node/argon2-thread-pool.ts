import type { Worker } from 'node:worker_threads';
import { assert } from '@strongroom/kernel';
import {
  type Argon2Answer,
  type Argon2Job,
  assertNiceIncrement,
  startArgon2Worker,
} from './argon2-worker.js';
import { HashSlots } from './hash-slots.js';

/** The most threads one pool may have. */
export const ARGON2_THREADS_MAX = 256;

/** How the job a thread is computing ends: with the thread's answer, or with the thread. */
interface RunningJob {
  settle(answer: Argon2Answer): void;
  lose(error: Error): void;
}

/**
 * A fixed number of worker threads that compute argon2id, started on first use, at a lower
 * priority than the rest of the process. Hashing is throughput work; the event loop and the
 * database serve requests waiting on it. On threads of their own, below everyone else's
 * priority, hashes take whatever CPU is left and give it back the moment a request needs it,
 * and Node's thread pool stays free for the rest of a sign-in's crypto (AES-GCM, EdDSA).
 * Jobs beyond the thread count wait, first come first served, holding no thread. Idle threads do
 * not keep the process alive.
 */
export class Argon2ThreadPool {
  readonly #threads: number;
  readonly #niceIncrement: number;
  readonly #slots: HashSlots;
  readonly #idle: Worker[] = [];
  readonly #running = new Map<Worker, RunningJob>();

  constructor(threads: number, niceIncrement: number) {
    assert(
      Number.isInteger(threads) && threads >= 1 && threads <= ARGON2_THREADS_MAX,
      `an argon2 pool has 1 to ${ARGON2_THREADS_MAX} threads`,
    );
    // Checked here too, so a bad setting fails when the hasher is made, not at its first hash.
    assertNiceIncrement(niceIncrement);
    this.#threads = threads;
    this.#niceIncrement = niceIncrement;
    this.#slots = new HashSlots(threads);
  }

  /** Computes an argon2id tag on one of the pool's threads, once one is free. */
  derive(job: Argon2Job): Promise<Uint8Array> {
    return this.#slots.run(() => this.#runOn(this.#idle.pop() ?? this.#start(), job));
  }

  // A slot is only granted while fewer jobs run than there are threads, so one is idle or can
  // still be started.
  #start(): Worker {
    const started = this.#idle.length + this.#running.size;
    assert(started < this.#threads, 'a job that holds a slot finds a thread');
    const worker = startArgon2Worker(this.#niceIncrement);
    let failure: unknown;
    worker.on('message', (answer: Argon2Answer) => {
      const job = this.#running.get(worker);
      assert(job !== undefined, 'an argon2 worker answers only the job it was given');
      this.#running.delete(worker);
      // An idle thread must not keep the process alive; a busy one must, or the process could
      // exit with a sign-in waiting on its hash.
      worker.unref();
      this.#idle.push(worker);
      job.settle(answer);
    });
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      const idle = this.#idle.indexOf(worker);
      if (idle !== -1) this.#idle.splice(idle, 1);
      const job = this.#running.get(worker);
      this.#running.delete(worker);
      job?.lose(
        new Error(`an argon2 worker thread stopped (exit code ${code})`, { cause: failure }),
      );
    });
    return worker;
  }

  #runOn(worker: Worker, job: Argon2Job): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.#running.set(worker, {
        settle: (answer) =>
          'tag' in answer
            ? resolve(answer.tag)
            : reject(new Error(`argon2id failed: ${answer.failure}`)),
        lose: reject,
      });
      worker.ref();
      worker.postMessage(job);
    });
  }
}

const sharedPools = new Map<string, Argon2ThreadPool>();

/**
 * The process's pool with this many threads at this priority, started on first use. Threads are
 * the machine's to share: hashers made per tenant, per request or per test share one pool rather
 * than each adding threads, and their hashes queue together for it.
 */
export function sharedArgon2ThreadPool(threads: number, niceIncrement: number): Argon2ThreadPool {
  const key = `${threads}/${niceIncrement}`;
  const known = sharedPools.get(key);
  if (known !== undefined) return known;
  const pool = new Argon2ThreadPool(threads, niceIncrement);
  sharedPools.set(key, pool);
  return pool;
}
