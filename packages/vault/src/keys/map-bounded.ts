import { assert } from '@strongroom/kernel';

/**
 * Maps items through an async function with at most `concurrency` calls in flight, results in
 * input order: enough parallel KMS round trips to hide latency without flooding its quota.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  assert(Number.isSafeInteger(concurrency) && concurrency >= 1, 'concurrency is at least 1');
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
