// Far above the 300 ms command timeout the outage tests use, far below the test timeout: an
// answer that takes this long means something queued or hung, which is exactly what must not happen.
const HANG_BOUND_MS = 10_000;

/** Resolves with the promise's value, or fails the test if it has not settled within the bound. */
export function settled<Value>(promise: Promise<Value>): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the call hung')), HANG_BOUND_MS);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}
