import { describe, expect, it } from 'vitest';
import { createAutoBatcher } from '../../src/batching/auto-batcher.js';
import { AssertionFailure } from '../../src/errors/assert.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('createAutoBatcher', () => {
  it('runs a lone call at once, alone', async () => {
    const batches: number[][] = [];
    const batcher = createAutoBatcher(
      { maxBatchSize: 10, maxInFlight: 1 },
      async (_key, items: readonly number[]) => {
        batches.push([...items]);
        return items.map((item) => item * 2);
      },
    );
    expect(await batcher.submit('t', 21)).toBe(42);
    expect(batches).toEqual([[21]]);
  });

  it('coalesces calls of one tick, and calls made while a batch runs into the next one', async () => {
    const batches: number[][] = [];
    const gates: { resolve: (value: undefined) => void }[] = [];
    const batcher = createAutoBatcher(
      { maxBatchSize: 10, maxInFlight: 1 },
      async (_key, items: readonly number[]) => {
        batches.push([...items]);
        const gate = deferred<undefined>();
        gates.push(gate);
        await gate.promise;
        return items.map((item) => item + 100);
      },
    );
    const first = [batcher.submit('t', 1), batcher.submit('t', 2)];
    await Promise.resolve();
    const later = [3, 4, 5].map((item) => batcher.submit('t', item));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(batches).toEqual([[1, 2]]);
    gates[0]?.resolve(undefined);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    gates[1]?.resolve(undefined);
    expect(await Promise.all([...first, ...later])).toEqual([101, 102, 103, 104, 105]);
  });

  it('keeps keys apart, caps the batch size, and runs up to maxInFlight batches of a key at once', async () => {
    const batches: string[] = [];
    let running = 0;
    let mostRunning = 0;
    const batcher = createAutoBatcher(
      { maxBatchSize: 2, maxInFlight: 2 },
      async (key, items: readonly number[]) => {
        running += 1;
        mostRunning = Math.max(mostRunning, running);
        batches.push(`${key}:${items.join(',')}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running -= 1;
        return items;
      },
    );
    const outcomes = await Promise.all([
      ...[1, 2, 3, 4, 5].map((item) => batcher.submit('a', item)),
      batcher.submit('b', 9),
    ]);
    expect(outcomes).toEqual([1, 2, 3, 4, 5, 9]);
    expect(batches.filter((batch) => batch.startsWith('a:'))).toEqual(['a:1,2', 'a:3,4', 'a:5']);
    expect(batches).toContain('b:9');
    expect(mostRunning).toBeLessThanOrEqual(3);
  });

  it('gives a thrown error to every caller of that batch only', async () => {
    const batcher = createAutoBatcher(
      { maxBatchSize: 10, maxInFlight: 1 },
      async (_key, items: readonly number[]) => {
        if (items.includes(13)) throw new Error('commit failed');
        return items;
      },
    );
    const unlucky = [batcher.submit('t', 13), batcher.submit('t', 14)];
    await expect(Promise.all(unlucky)).rejects.toThrow('commit failed');
    await expect(unlucky[1]).rejects.toThrow('commit failed');
    expect(await batcher.submit('t', 15)).toBe(15);
  });

  it('refuses a batch function that loses outcomes, and bad limits', async () => {
    const batcher = createAutoBatcher({ maxBatchSize: 10, maxInFlight: 1 }, async () => []);
    await expect(batcher.submit('t', 1)).rejects.toBeInstanceOf(AssertionFailure);
    expect(() => createAutoBatcher({ maxBatchSize: 0, maxInFlight: 1 }, async () => [])).toThrow(
      AssertionFailure,
    );
  });
});
