import { assert } from '@strongroom/kernel';

/** Hands out commit stamps (`timestamp`) for the events of one execution. */
export interface CommitStamps {
  /** Reserves `count` consecutive stamps at `now` and returns the first. */
  reserve(count: number, now: Date): bigint;
}

// Stamps are microseconds since the epoch: milliseconds from the clock times 1000, plus a counter
// for events within the same millisecond. More than 1000 events in one millisecond run ahead of
// the clock for a moment and the clock catches up.
const STAMPS_PER_MS = 1000n;

/**
 * Commit stamps for one ledger instance: unique and strictly increasing within the process, close
 * to the wall clock. Two processes may hand out equal or interleaved stamps, so no record key
 * depends on a stamp alone (index keys end with the transfer id), and within one account the
 * commit order is the entry sequence, not the stamp.
 */
export function createCommitStamps(): CommitStamps {
  let last = 0n;
  return {
    reserve(count, now) {
      assert(Number.isSafeInteger(count) && count >= 1, 'at least one stamp is reserved');
      const fromClock = BigInt(now.getTime()) * STAMPS_PER_MS;
      const first = fromClock > last ? fromClock : last + 1n;
      last = first + BigInt(count) - 1n;
      return first;
    },
  };
}
