import { assert } from '@strongroom/kernel';

/**
 * A first-come, first-served limit on hashes in flight: as many as the hashing pool has threads.
 * Queued callers hold no thread, only a promise.
 */
export class HashSlots {
  readonly #capacity: number;
  #inUse = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(capacity: number) {
    assert(Number.isSafeInteger(capacity) && capacity >= 1, 'at least one hash may run at a time');
    this.#capacity = capacity;
  }

  /** Runs `work` once a slot is free, and frees the slot when it settles. */
  async run<Value>(work: () => Promise<Value>): Promise<Value> {
    if (this.#inUse >= this.#capacity) await new Promise<void>((wake) => this.#waiting.push(wake));
    else this.#inUse += 1;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next caller, so a newcomer cannot overtake the queue.
      if (next === undefined) this.#inUse -= 1;
      else next();
    }
  }
}
