import { err, ok, type Result } from 'neverthrow';
import { assert } from '../errors/assert.js';
import type { Storage } from '../storage/storage.js';
import type { TenantId } from '../tenant/tenant-id.js';
import { type AutoBatcherOptions, createAutoBatcher } from './auto-batcher.js';

/** Runs several calls of one tenant in one transaction: one answer per call, in order, or its error. */
export type TenantCallsRun<Call, Answer, E> = (
  tenantId: TenantId,
  calls: readonly Call[],
) => Promise<Result<readonly Answer[], E>>;

/**
 * Single calls that share `run` where the storage says sharing pays: on a storage that declares
 * `capabilities.sharedTransactions`, the concurrent calls of a tenant are gathered by an
 * auto-batcher keyed by tenant (within `limits`); on any other each call is a run of its own. A
 * run's error reaches every call it carried, as each call's own error.
 */
export function shareTenantCalls<Call, Answer, E>(
  storage: Storage,
  limits: AutoBatcherOptions,
  run: TenantCallsRun<Call, Answer, E>,
): (tenantId: TenantId, call: Call) => Promise<Result<Answer, E>> {
  if (storage.capabilities.sharedTransactions !== true) {
    return async (tenantId, call) =>
      (await run(tenantId, [call])).map((answers) => {
        // Checked by count, not by value: an answer may be `undefined` (a call that returns nothing).
        assert(answers.length === 1, 'a run answers every call it was given');
        return answers[0] as Answer;
      });
  }
  const batcher = createAutoBatcher<Call, Result<Answer, E>>(limits, async (tenantId, calls) =>
    (await run(tenantId as TenantId, calls)).match(
      (answers) => {
        assert(answers.length === calls.length, 'a run answers every call it was given');
        return answers.map((answer) => ok(answer));
      },
      (error) => calls.map(() => err(error)),
    ),
  );
  return (tenantId, call) => batcher.submit(tenantId, call);
}
