import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { assert } from '@strongroom/kernel';
import { HASH_LENGTH_BYTES } from '../merkle/hashing.js';
import { inThreadLeafTree, type LeafTree, type LeafTreeFactory } from '../merkle/leaf-tree.js';
import { RootAccumulator } from '../merkle/root-accumulator.js';
import { isPowerOfTwo } from '../merkle/tree-math.js';
import { nodeMerkleHasher } from './node-merkle-hasher.js';
import { type SubtreeBatch, startSubtreeWorker } from './subtree-worker.js';

/** Options of {@link parallelLeafTree}. */
export interface ParallelLeafTreeOptions {
  /** How many worker threads hash leaves: 1 to 64, default the machine's available parallelism. */
  readonly workers?: number;
  /** The most leaves sent to a worker at once: a power of two, 1 to 2^20, default 1024. */
  readonly batchLeaves?: number;
}

const WORKERS_MAX = 64;
const BATCH_LEAVES_DEFAULT = 1024;
const BATCH_LEAVES_MAX = 2 ** 20;
// A batch of long entries is sent early, at the first power-of-two count of leaves past this many
// bytes: it holds at most twice this plus one entry line (1 MiB at most).
const BATCH_BYTES_TARGET = 4 * 1024 * 1024;
// The first batch's buffer; it grows as needed, and each later batch starts at its predecessor's.
const FIRST_BATCH_BYTES = 64 * 1024;
// Batches in flight per worker: one being hashed and one waiting, so no worker idles between
// batches while the reader fills the next; more would only hold memory.
const BATCHES_IN_FLIGHT_PER_WORKER = 2;

/**
 * A {@link LeafTreeFactory} that hashes leaves on worker threads: the reading thread splits and
 * checks lines and copies each leaf into a batch; each worker hashes a batch's leaves and its
 * complete subtrees, and the reading thread joins the batches' subtrees into the root. Batches
 * start where their subtrees are subtrees of the whole tree, so the root is exactly the
 * single-threaded one. A log no larger than one batch is hashed in the calling thread (starting
 * workers would cost more). Pass it to `verifyExport` / `verifyExportBytes` as `leafTree`.
 */
export function parallelLeafTree(options: ParallelLeafTreeOptions = {}): LeafTreeFactory {
  const workers = options.workers ?? Math.min(availableParallelism(), WORKERS_MAX);
  const batchLeaves = options.batchLeaves ?? BATCH_LEAVES_DEFAULT;
  assert(
    Number.isInteger(workers) && workers >= 1 && workers <= WORKERS_MAX,
    `workers must be an integer from 1 to ${WORKERS_MAX}`,
  );
  assert(
    Number.isInteger(batchLeaves) &&
      batchLeaves <= BATCH_LEAVES_MAX &&
      batchLeaves >= 1 &&
      isPowerOfTwo(batchLeaves),
    `batchLeaves must be a power of two from 1 to ${BATCH_LEAVES_MAX}`,
  );
  const inThread = inThreadLeafTree(nodeMerkleHasher);
  return (treeSize) =>
    treeSize <= batchLeaves ? inThread(treeSize) : new ParallelLeafTree(workers, batchLeaves);
}

// One worker and the answers it owes, oldest first: a worker answers batches in order.
interface PooledWorker {
  readonly worker: Worker;
  readonly waiting: { batch: number; leaves: number }[];
}

const textEncoder = new TextEncoder();

class ParallelLeafTree implements LeafTree {
  readonly #pool: PooledWorker[];
  readonly #batchLeaves: number;
  #size = 0;
  // The batch being filled: prefixed leaves end to end, and where each ends.
  #bytes: Uint8Array<ArrayBuffer> = new Uint8Array(FIRST_BATCH_BYTES);
  #ends: Uint32Array<ArrayBuffer>;
  #filled = 0;
  #count = 0;
  #sent = 0;
  // Answers that came before an earlier batch's, by batch number, and the next to join.
  readonly #early = new Map<number, { leaves: number; border: Uint8Array }>();
  #joined = 0;
  // The batches' subtrees joined so far, in batch order.
  readonly #tree = new RootAccumulator(nodeMerkleHasher);
  #failure: Error | undefined;
  #progress: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(workers: number, batchLeaves: number) {
    this.#batchLeaves = batchLeaves;
    this.#ends = new Uint32Array(batchLeaves);
    this.#pool = Array.from({ length: workers }, () => this.#start());
  }

  get size(): number {
    return this.#size;
  }

  addLeaf(entry: Uint8Array): void {
    this.#reserve(1 + entry.length);
    this.#bytes[this.#filled] = 0x00;
    this.#bytes.set(entry, this.#filled + 1);
    this.#endLeaf(this.#filled + 1 + entry.length);
  }

  addLeafText(text: string): void {
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    this.#reserve(1 + 3 * text.length);
    this.#bytes[this.#filled] = 0x00;
    const { written } = textEncoder.encodeInto(text, this.#bytes.subarray(this.#filled + 1));
    this.#endLeaf(this.#filled + 1 + written);
  }

  backlog(): Promise<void> | undefined {
    if (this.#failure !== undefined || this.#inFlight() < this.#inFlightMax()) return undefined;
    return this.#nextProgress();
  }

  async root(): Promise<Uint8Array> {
    if (this.#count > 0) this.#send();
    while (this.#failure === undefined && this.#inFlight() > 0) await this.#nextProgress();
    if (this.#failure !== undefined) throw this.#failure;
    return this.#tree.root();
  }

  async close(): Promise<void> {
    await Promise.all(this.#pool.map(({ worker }) => worker.terminate()));
  }

  #start(): PooledWorker {
    const pooled: PooledWorker = { worker: startSubtreeWorker(), waiting: [] };
    pooled.worker.on('message', (border: Uint8Array) => {
      const answered = pooled.waiting.shift();
      assert(answered !== undefined, 'a subtree worker answered a batch it was not sent');
      this.#early.set(answered.batch, { leaves: answered.leaves, border });
      this.#join();
      this.#signalProgress();
    });
    pooled.worker.on('error', (error) => this.#fail(error));
    pooled.worker.on('exit', () => {
      if (pooled.waiting.length > 0) this.#fail(new Error('a subtree worker exited mid-batch'));
    });
    return pooled;
  }

  // Room for `length` more bytes in the batch: a bigger buffer, the filled part copied over.
  #reserve(length: number): void {
    if (this.#filled + length <= this.#bytes.length) return;
    const grown = new Uint8Array(2 * (this.#filled + length));
    grown.set(this.#bytes.subarray(0, this.#filled));
    this.#bytes = grown;
  }

  #endLeaf(end: number): void {
    this.#ends[this.#count] = end;
    this.#filled = end;
    this.#count += 1;
    this.#size += 1;
    const count = this.#count;
    if (count === this.#leavesAllowed()) this.#send();
    // Cut short only at a power of two, so that the next batch starts where whole subtrees of
    // the batch's size line up: the batches after it stay that size instead of shrinking.
    else if (this.#filled >= BATCH_BYTES_TARGET && isPowerOfTwo(count)) this.#send();
  }

  // The most leaves the batch now filling may hold: its subtrees must be subtrees of the whole
  // tree, so a batch starting at leaf `start` holds at most the largest power of two dividing
  // `start` (after a batch cut short by its bytes, that is the short batch's size).
  #leavesAllowed(): number {
    const start = this.#size - this.#count;
    let allowed = 1;
    while (allowed < this.#batchLeaves && start % (2 * allowed) === 0) allowed *= 2;
    return allowed;
  }

  #send(): void {
    // To the worker with the fewest batches waiting, so that a slower one is not handed more.
    const pooled = this.#pool.reduce((least, next) =>
      next.waiting.length < least.waiting.length ? next : least,
    );
    const batch: SubtreeBatch = { bytes: this.#bytes, ends: this.#ends, count: this.#count };
    pooled.waiting.push({ batch: this.#sent, leaves: this.#count });
    pooled.worker.postMessage(batch, [this.#bytes.buffer, this.#ends.buffer]);
    this.#sent += 1;
    // The next batch likely holds as many bytes as this one: sized so, plus room to vary.
    this.#bytes = new Uint8Array(Math.ceil(1.25 * this.#filled));
    this.#ends = new Uint32Array(this.#batchLeaves);
    this.#filled = 0;
    this.#count = 0;
  }

  // Joins answered batches onto the tree, in batch order.
  #join(): void {
    for (let next = this.#early.get(this.#joined); next !== undefined; ) {
      this.#early.delete(this.#joined);
      this.#joined += 1;
      let offset = 0;
      for (const leaves of subtreeSizes(next.leaves)) {
        this.#tree.pushSubtree(next.border.subarray(offset, offset + HASH_LENGTH_BYTES), leaves);
        offset += HASH_LENGTH_BYTES;
      }
      next = this.#early.get(this.#joined);
    }
  }

  #inFlight(): number {
    return this.#sent - this.#joined;
  }

  #inFlightMax(): number {
    return BATCHES_IN_FLIGHT_PER_WORKER * this.#pool.length;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#signalProgress();
  }

  #nextProgress(): Promise<void> {
    if (this.#progress === undefined) {
      let resolve = () => {};
      const promise = new Promise<void>((settle) => {
        resolve = settle;
      });
      this.#progress = { promise, resolve };
    }
    return this.#progress.promise;
  }

  #signalProgress(): void {
    const progress = this.#progress;
    this.#progress = undefined;
    progress?.resolve();
  }
}

// The sizes of a batch's complete subtrees, tallest first: the one bits of its leaf count.
function subtreeSizes(leaves: number): number[] {
  const sizes: number[] = [];
  for (let size = 1; size <= leaves; size *= 2)
    if (Math.floor(leaves / size) % 2 === 1) sizes.push(size);
  return sizes.reverse();
}
