import { assert } from '../errors/assert.js';

/** Limits of an {@link AutoBatcher}. */
export interface AutoBatcherOptions {
  /** Most items one batch carries. */
  readonly maxBatchSize: number;
  /** Batches of one key running at once; further items wait and join the next batch. */
  readonly maxInFlight: number;
}

/**
 * Coalesces concurrent single calls into batches (group commit): `submit` returns the outcome of
 * its own item. Nothing waits on a timer: an item submitted while its key has a free slot starts
 * a batch at the end of the current tick (with whatever else was submitted in that tick), and
 * items submitted while every slot is busy form the next batch when a slot frees. A lone caller
 * therefore pays no added latency, and under load each batch grows to what arrived meanwhile.
 */
export interface AutoBatcher<Item, Outcome> {
  /** Adds an item to its key's next batch and resolves with that item's outcome. */
  submit(key: string, item: Item): Promise<Outcome>;
}

interface Waiting<Item, Outcome> {
  readonly item: Item;
  resolve(outcome: Outcome): void;
  reject(reason: unknown): void;
}

interface KeyState<Item, Outcome> {
  queue: Waiting<Item, Outcome>[];
  inFlight: number;
  scheduled: boolean;
}

/**
 * Builds an {@link AutoBatcher}. `run` executes one batch and returns one outcome per item, in
 * order; if it throws, every caller of that batch receives the error (an item's own failure
 * belongs in its outcome, so it never fails its neighbours).
 */
export function createAutoBatcher<Item, Outcome>(
  options: AutoBatcherOptions,
  run: (key: string, items: readonly Item[]) => Promise<readonly Outcome[]>,
): AutoBatcher<Item, Outcome> {
  const { maxBatchSize, maxInFlight } = options;
  assert(Number.isSafeInteger(maxBatchSize) && maxBatchSize >= 1, 'maxBatchSize is at least 1');
  assert(Number.isSafeInteger(maxInFlight) && maxInFlight >= 1, 'maxInFlight is at least 1');
  const keys = new Map<string, KeyState<Item, Outcome>>();

  const startBatches = (key: string, state: KeyState<Item, Outcome>) => {
    state.scheduled = false;
    while (state.inFlight < maxInFlight && state.queue.length > 0) {
      const batch = state.queue.splice(0, maxBatchSize);
      state.inFlight += 1;
      void runBatch(key, state, batch);
    }
    if (state.inFlight === 0 && state.queue.length === 0) keys.delete(key);
  };

  const runBatch = async (
    key: string,
    state: KeyState<Item, Outcome>,
    batch: Waiting<Item, Outcome>[],
  ) => {
    try {
      const outcomes = await run(
        key,
        batch.map((waiting) => waiting.item),
      );
      assert(outcomes.length === batch.length, 'a batch returns one outcome per item');
      for (const [position, waiting] of batch.entries()) {
        waiting.resolve(outcomes[position] as Outcome);
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      state.inFlight -= 1;
      startBatches(key, state);
    }
  };

  return {
    submit(key, item) {
      let state = keys.get(key);
      if (state === undefined) {
        state = { queue: [], inFlight: 0, scheduled: false };
        keys.set(key, state);
      }
      const current = state;
      const outcome = new Promise<Outcome>((resolve, reject) => {
        current.queue.push({ item, resolve, reject });
      });
      // Submissions of the same tick join one batch: start at the end of the tick, not now.
      if (!current.scheduled && current.inFlight < maxInFlight) {
        current.scheduled = true;
        queueMicrotask(() => startBatches(key, current));
      }
      return outcome;
    },
  };
}
