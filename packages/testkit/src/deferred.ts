/** A promise with its resolve function outside, for steering two transactions into a given order. */
export interface Deferred<T> {
  /** Settles when {@link Deferred.resolve} is called. */
  readonly promise: Promise<T>;
  /** Lets the waiting side go on. */
  resolve(value: T): void;
}

/** Makes a {@link Deferred}. */
export function deferred<T = void>(): Deferred<T> {
  const { promise, resolve } = Promise.withResolvers<T>();
  return { promise, resolve };
}
