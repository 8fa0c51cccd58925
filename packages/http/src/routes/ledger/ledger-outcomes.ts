import { assert } from '@strongroom/kernel';
import type { AccountStatus, TransferStatus } from '@strongroom/ledger';
import { httpProblem } from '../../problems/problem-details.js';

/** What a single ledger command answers with when its event is recorded. */
export type RecordedStatus = 200 | 201;

// A clash with what the id already names is a conflict (the same id with other content, or an id
// burned by an earlier failure); everything else is a refusal of this request's content.
function isConflict(status: string): boolean {
  return status.startsWith('exists_with_different_') || status === 'id_already_failed';
}

function failureStatus(status: string, pathNamed: string | undefined): number {
  if (status === pathNamed) return 404;
  return isConflict(status) ? 409 : 422;
}

/**
 * The HTTP status of a single account creation or transfer event: 201 `created`, 200 `exists`
 * (a retry: the original result). A failure throws the problem `ledger.<kind>.<status>` (409 for
 * conflicts, 404 for `pathNamed` — the missing resource the request's path names, such as the
 * pending transfer of a post — 422 otherwise) carrying the ledger's code as `resultStatus`; never
 * the submitted values.
 */
export function recordedStatus(
  kind: 'account' | 'transfer',
  status: AccountStatus | TransferStatus,
  pathNamed?: TransferStatus,
): RecordedStatus {
  if (status === 'created') return 201;
  if (status === 'exists') return 200;
  throw httpProblem(
    failureStatus(status, pathNamed),
    `ledger.${kind}.${status}`,
    `Ledger ${kind} refused: ${status.replaceAll('_', ' ')}`,
    { resultStatus: status },
  );
}

/** The one result of a one-element batch. */
export function onlyResult<Result>(results: readonly Result[]): Result {
  const [result] = results;
  assert(results.length === 1 && result !== undefined, 'one input gives one result');
  return result;
}
