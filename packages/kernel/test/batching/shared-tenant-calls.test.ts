import { describe, expect, it } from 'vitest';
import { shareTenantCalls } from '../../src/batching/shared-tenant-calls.js';
import {
  AssertionFailure,
  err,
  ok,
  parseTenantId,
  type Storage,
  type TenantId,
} from '../../src/index.js';
import { failingStorage } from '../stores/failing-storage.js';

const acme = parseTenantId('acme')._unsafeUnwrap();
const globex = parseTenantId('globex')._unsafeUnwrap();
const LIMITS = { maxBatchSize: 3, maxInFlight: 1 };

// Only the capability matters to the helper: the run is the caller's, and never touches storage.
function storageThatShares(sharedTransactions: boolean): Storage {
  const storage = failingStorage({ type: 'storage.conflict', attempts: 1 });
  return { ...storage, capabilities: { concurrentTransactions: true, sharedTransactions } };
}

// A run that records which calls it carried and answers each with its double.
function recordingRun() {
  const runs: { tenantId: TenantId; calls: number[] }[] = [];
  const run = async (tenantId: TenantId, calls: readonly number[]) => {
    runs.push({ tenantId, calls: [...calls] });
    return ok(calls.map((call) => call * 2));
  };
  return { runs, run };
}

describe('shareTenantCalls', () => {
  it('runs each call alone on a storage that does not share transactions', async () => {
    const { runs, run } = recordingRun();
    const call = shareTenantCalls(storageThatShares(false), LIMITS, run);
    const answers = await Promise.all([call(acme, 1), call(acme, 2), call(globex, 3)]);
    expect(answers.map((answer) => answer._unsafeUnwrap())).toEqual([2, 4, 6]);
    expect(runs.map((each) => each.calls)).toEqual([[1], [2], [3]]);
  });

  it('gathers concurrent calls of a tenant into runs of at most maxBatchSize where sharing pays', async () => {
    const { runs, run } = recordingRun();
    const call = shareTenantCalls(storageThatShares(true), LIMITS, run);
    const answers = await Promise.all([
      call(acme, 1),
      call(acme, 2),
      call(globex, 3),
      call(acme, 4),
      call(acme, 5),
    ]);
    expect(answers.map((answer) => answer._unsafeUnwrap())).toEqual([2, 4, 6, 8, 10]);
    expect(runs).toEqual([
      { tenantId: acme, calls: [1, 2, 4] },
      { tenantId: globex, calls: [3] },
      { tenantId: acme, calls: [5] },
    ]);
  });

  it('answers calls that return nothing, alone and shared', async () => {
    for (const sharing of [false, true]) {
      const call = shareTenantCalls(storageThatShares(sharing), LIMITS, async (_, calls) =>
        ok(calls.map(() => undefined)),
      );
      const answers = await Promise.all([call(acme, 'a'), call(acme, 'b')]);
      expect(answers.map((answer) => answer.isOk() && answer.value)).toEqual([
        undefined,
        undefined,
      ]);
    }
  });

  it('gives a failed run’s error to every call it carried', async () => {
    const call = shareTenantCalls(storageThatShares(true), LIMITS, async () =>
      err({ type: 'storage.conflict' as const, attempts: 3 }),
    );
    const answers = await Promise.all([call(acme, 1), call(acme, 2)]);
    expect(answers.map((answer) => answer._unsafeUnwrapErr())).toEqual([
      { type: 'storage.conflict', attempts: 3 },
      { type: 'storage.conflict', attempts: 3 },
    ]);
  });

  it('treats a run that answers the wrong number of calls as a bug', async () => {
    for (const sharing of [false, true]) {
      const call = shareTenantCalls(storageThatShares(sharing), LIMITS, async () => ok([]));
      await expect(call(acme, 1)).rejects.toThrow(AssertionFailure);
    }
  });
});
