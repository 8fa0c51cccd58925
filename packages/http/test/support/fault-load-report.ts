import type { FaultAttempt } from './fault-http-client.js';
import type { TransferOutcome } from './fault-transfer-load.js';

/** What the clients went through, for the test's report and its assertions. */
export interface FaultLoadReport {
  readonly logicalTransfers: number;
  readonly requests: number;
  readonly retries: number;
  /** Attempts by answer: an HTTP status, `network` or `timeout`. */
  readonly byAnswer: Readonly<Record<string, number>>;
  /** Problem answers by status and type, e.g. `503 infrastructure`. */
  readonly byProblem: Readonly<Record<string, number>>;
  /** 503 answers without a `Retry-After` header. */
  readonly unavailableWithoutRetryAfter: number;
  readonly replays: number;
  /** Final answers: `created` (201) or `exists` (200), or anything else a client ended with. */
  readonly finals: Readonly<Record<string, number>>;
}

function answerOf(attempt: FaultAttempt): string {
  return attempt.kind === 'response' ? String(attempt.status) : attempt.kind;
}

function increment(counts: Record<string, number>, name: string): void {
  counts[name] = (counts[name] ?? 0) + 1;
}

/** Counts the attempts of every logical transfer. */
export function faultLoadReport(outcomes: readonly TransferOutcome[]): FaultLoadReport {
  const byAnswer: Record<string, number> = {};
  const byProblem: Record<string, number> = {};
  const finals: Record<string, number> = {};
  let requests = 0;
  let replays = 0;
  let unavailableWithoutRetryAfter = 0;
  for (const { exchange } of outcomes) {
    for (const attempt of exchange.attempts) {
      requests += 1;
      increment(byAnswer, answerOf(attempt));
      if (attempt.kind !== 'response') continue;
      if (attempt.problemType !== undefined)
        increment(byProblem, `${attempt.status} ${attempt.problemType}`);
      if (attempt.replayed) replays += 1;
      if (attempt.status === 503 && attempt.retryAfterSeconds === undefined)
        unavailableWithoutRetryAfter += 1;
    }
    const final = exchange.final;
    increment(
      finals,
      final.kind === 'response' && (final.status === 200 || final.status === 201)
        ? String(final.body?.status)
        : answerOf(final),
    );
  }
  return {
    logicalTransfers: outcomes.length,
    requests,
    retries: requests - outcomes.length,
    byAnswer,
    byProblem,
    unavailableWithoutRetryAfter,
    replays,
    finals,
  };
}

/**
 * What is wrong with the answers the clients got: a final answer that is not 201 `created` or
 * 200 `exists` for the transfer sent, a 500 or a hang at any attempt, or two successful answers
 * for one id that disagree on the transfer (its content or its commit stamp).
 */
export function clientAnswerProblems(outcomes: readonly TransferOutcome[]): string[] {
  const problems: string[] = [];
  for (const { transfer, exchange } of outcomes) {
    const { id } = transfer.body;
    for (const attempt of exchange.attempts) {
      if (attempt.kind === 'timeout') problems.push(`${id}: a request hung`);
      if (attempt.kind === 'response' && attempt.status === 500)
        problems.push(`${id}: 500 ${attempt.problemType}`);
    }
    const final = exchange.final;
    if (final.kind !== 'response' || (final.status !== 201 && final.status !== 200)) {
      problems.push(
        `${id}: final answer ${answerOf(final)} ${final.kind === 'response' ? final.problemType : ''} after ${exchange.attempts.length} attempts`,
      );
      continue;
    }
    const expectedStatus = final.status === 201 ? 'created' : 'exists';
    if (final.body?.status !== expectedStatus)
      problems.push(`${id}: ${final.status} with status ${final.body?.status}`);
    const { amountMinor, debitAccountId, creditAccountId } = final.body?.transfer ?? {};
    if (
      final.body?.transfer?.id !== id ||
      amountMinor !== transfer.body.amountMinor ||
      debitAccountId !== transfer.body.debitAccountId ||
      creditAccountId !== transfer.body.creditAccountId
    ) {
      problems.push(`${id}: the answer describes another transfer`);
    }
    const stamps = new Set(
      exchange.attempts.flatMap((attempt) =>
        attempt.kind === 'response' && (attempt.status === 201 || attempt.status === 200)
          ? [String(attempt.body?.transfer?.timestamp)]
          : [],
      ),
    );
    if (stamps.size !== 1) problems.push(`${id}: successful answers name ${stamps.size} commits`);
  }
  return problems;
}

/**
 * What is wrong with the answers to every transfer sent once more after the run, as clients that
 * lost their answers would: each must be the original 201 replayed from the idempotency store, or,
 * where the store lost the key, 200 `exists` naming the original commit. A second `created` would
 * be a transfer applied twice.
 */
export function resentAnswerProblems(
  first: readonly TransferOutcome[],
  resent: readonly TransferOutcome[],
): string[] {
  const problems: string[] = [];
  first.forEach((original, index) => {
    const { id } = original.transfer.body;
    const before = original.exchange.final;
    const after = resent[index]?.exchange.final;
    if (before.kind !== 'response' || after === undefined || after.kind !== 'response') {
      problems.push(`${id}: no answer to compare`);
      return;
    }
    if (after.status === 201) {
      if (!after.replayed) problems.push(`${id}: created a second time`);
      else if (JSON.stringify(after.body) !== JSON.stringify(before.body))
        problems.push(`${id}: the replay differs from the original answer`);
    } else if (after.status !== 200 || after.body?.status !== 'exists') {
      problems.push(`${id}: resent, answered ${after.status} ${after.problemType ?? ''}`);
    } else if (after.body?.transfer?.timestamp !== before.body?.transfer?.timestamp) {
      problems.push(`${id}: exists, but as another commit`);
    }
  });
  return problems;
}
