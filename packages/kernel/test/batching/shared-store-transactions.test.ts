import { ResultAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import {
  parseTenantId,
  type Storage,
  type StorageLimits,
  type StorageTransaction,
  shareStoreTransactions,
} from '../../src/index.js';

const acme = parseTenantId('acme')._unsafeUnwrap();

// A storage that shares transactions and runs each one's function on nothing: the calls' `apply`
// below never touches records, so only the transactions and their calls are observed.
function sharingStorage(limits: StorageLimits): Storage {
  return {
    name: 'sharing',
    limits,
    capabilities: { concurrentTransactions: true, sharedTransactions: true },
    transaction: (_tenantId, fn) => new ResultAsync(fn({} as StorageTransaction)),
    close: async () => {},
  };
}

// Makes `count` concurrent calls and returns the calls each transaction carried.
async function batchesOf(
  limits: StorageLimits,
  size: { writes: number; bytes?: number },
  count: number,
) {
  const batches: number[][] = [];
  const call = shareStoreTransactions(
    sharingStorage(limits),
    'test.share',
    size,
    async (_records, calls: readonly number[]) => {
      batches.push([...calls]);
      return calls.map((each) => each * 10);
    },
  );
  const answers = await Promise.all(Array.from({ length: count }, (_, each) => call(acme, each)));
  expect(answers.map((answer) => answer._unsafeUnwrap())).toEqual(
    Array.from({ length: count }, (_, each) => each * 10),
  );
  return batches.map((batch) => batch.length);
}

const LIMITS = { writesPerTransaction: 1000, bytesPerTransaction: 1_000_000, bytesPerRecord: 1000 };

describe('shareStoreTransactions', () => {
  it('carries at most 32 calls per transaction', async () => {
    expect(await batchesOf(LIMITS, { writes: 1 }, 40)).toEqual([32, 8]);
  });

  it('carries no more calls than the storage’s write limit holds at the writes one call may make', async () => {
    expect(await batchesOf({ ...LIMITS, writesPerTransaction: 100 }, { writes: 30 }, 7)).toEqual([
      3, 3, 1,
    ]);
  });

  it('carries no more calls than the byte limit holds, when a call’s bytes are bounded', async () => {
    expect(await batchesOf(LIMITS, { writes: 1, bytes: 400_000 }, 5)).toEqual([2, 2, 1]);
  });

  it('still carries one call when a single call may write more than the limits hold', async () => {
    expect(await batchesOf(LIMITS, { writes: 2000, bytes: 2_000_000 }, 2)).toEqual([1, 1]);
  });
});
