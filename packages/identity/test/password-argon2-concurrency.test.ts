import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Argon2Job } from '../src/node/argon2-worker.js';

// The machine's parallelism and the worker threads are replaced, so the test sees how many hashes
// run at once, and what the pool does with its threads, without computing any.
const machine = vi.hoisted(() => ({ cores: 3 }));
const threads = vi.hoisted(() => ({ started: [] as unknown[] }));

vi.mock('node:os', async (original) => ({
  ...(await original<typeof import('node:os')>()),
  availableParallelism: () => machine.cores,
}));

/** A hashing thread that computes nothing: the test answers or stops it. */
class FakeWorker extends EventEmitter {
  readonly niceIncrement: number;
  job: Argon2Job | undefined;
  referenced = true;

  constructor(niceIncrement: number) {
    super();
    this.niceIncrement = niceIncrement;
  }

  postMessage(job: Argon2Job): void {
    expect(this.job).toBeUndefined();
    this.job = job;
  }

  ref(): void {
    this.referenced = true;
  }

  unref(): void {
    this.referenced = false;
  }

  async terminate(): Promise<number> {
    return 0;
  }

  /** Answers the job with a tag of its length. */
  answer(): void {
    const job = this.job;
    if (job === undefined) throw new Error('this thread has no job');
    this.job = undefined;
    this.emit('message', { tag: new Uint8Array(job.tagLength).fill(7) });
  }

  /** Dies the way a thread does when its program throws: an error, then its exit. */
  crash(): void {
    this.emit('error', new Error('out of memory'));
    this.emit('exit', 1);
  }
}

vi.mock('../src/node/argon2-worker.js', async (original) => ({
  ...(await original<typeof import('../src/node/argon2-worker.js')>()),
  startArgon2Worker: (niceIncrement: number) => {
    const worker = new FakeWorker(niceIncrement);
    threads.started.push(worker);
    return worker;
  },
}));

const { createArgon2PasswordHasher } = await import('../src/node/argon2-password-hasher.js');

/** Lets every promise chain that can move on do so. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
}

/** The threads started since `from` (an index into every thread started in this file). */
function startedSince(from: number): FakeWorker[] {
  return threads.started.slice(from) as FakeWorker[];
}

/** Answers every job the threads hold until none holds one, the queued jobs included. */
async function answerAll(workers: readonly FakeWorker[]): Promise<void> {
  for (let round = 0; round < 100; round += 1) {
    const busy = workers.filter((worker) => worker.job !== undefined);
    if (busy.length === 0) return;
    for (const worker of busy) worker.answer();
    await settle();
  }
  throw new Error('jobs were still queued after 100 rounds');
}

describe('argon2 hasher threads', () => {
  it('runs one hash more than the machine has cores at once, at nice 10 on Linux, by default', async () => {
    const from = threads.started.length;
    const hasher = createArgon2PasswordHasher();
    const hashes = Array.from({ length: 10 }, (_, index) => hasher.hash(`password ${index}`));
    await settle();
    const workers = startedSince(from);
    expect(workers).toHaveLength(machine.cores + 1);
    expect(workers.every((worker) => worker.job !== undefined && worker.referenced)).toBe(true);
    expect(workers.map((worker) => worker.niceIncrement)).toEqual(
      workers.map(() => (process.platform === 'linux' ? 10 : 0)),
    );
    const first = workers[0];
    first?.answer();
    await settle();
    // The freed thread takes the next hash; no thread is added.
    expect(startedSince(from)).toHaveLength(machine.cores + 1);
    expect(first?.job).toBeDefined();
    await answerAll(workers);
    expect(await Promise.all(hashes)).toHaveLength(10);
    // Idle threads must not keep the process alive.
    expect(workers.some((worker) => worker.referenced)).toBe(false);
  });

  it('shares threads between hashers that ask for the same pool', async () => {
    const from = threads.started.length;
    const first = createArgon2PasswordHasher(undefined, { maxConcurrentHashes: 2 });
    const second = createArgon2PasswordHasher(undefined, { maxConcurrentHashes: 2 });
    const hashes = [first.hash('one'), second.hash('two'), second.hash('three')];
    await settle();
    expect(startedSince(from)).toHaveLength(2);
    await answerAll(startedSince(from));
    expect(await Promise.all(hashes)).toHaveLength(3);
  });

  it('computes at most maxConcurrentHashes at once, in arrival order', async () => {
    const from = threads.started.length;
    const hasher = createArgon2PasswordHasher(undefined, { maxConcurrentHashes: 1 });
    const hashes = ['a', 'b', 'c'].map((password) => hasher.hash(password));
    await settle();
    const [only] = startedSince(from);
    if (only === undefined) throw new Error('no thread was started');
    const order: string[] = [];
    for (let hash = 0; hash < 3; hash += 1) {
      expect(startedSince(from)).toHaveLength(1);
      order.push(only.job?.message ?? 'none');
      only.answer();
      await settle();
    }
    expect(order).toEqual(['a', 'b', 'c']);
    expect(await Promise.all(hashes)).toHaveLength(3);
  });

  it('fails the hash of a thread that dies, and starts another for the next', async () => {
    const from = threads.started.length;
    const hasher = createArgon2PasswordHasher(undefined, { maxConcurrentHashes: 3 });
    const lost = hasher.hash('lost');
    await settle();
    const [dying] = startedSince(from);
    dying?.crash();
    const failure = await lost.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('an argon2 worker thread stopped (exit code 1)');
    expect(((failure as Error).cause as Error).message).toBe('out of memory');
    const next = hasher.hash('next');
    await settle();
    const [replacement] = startedSince(from + 1);
    expect(replacement?.job?.message).toBe('next');
    replacement?.answer();
    expect(await next).toMatch(/^\$argon2id\$/);
  });

  it('refuses a priority it cannot set and a pool without threads', () => {
    expect(() => createArgon2PasswordHasher(undefined, { niceIncrement: 20 })).toThrow(
      /niceIncrement/,
    );
    expect(() => createArgon2PasswordHasher(undefined, { maxConcurrentHashes: 0 })).toThrow(
      /threads/,
    );
  });
});
