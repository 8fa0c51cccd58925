import { type BenchDisputes, openChargeback, topUpPayments } from './dispute-host.js';
import {
  DisputeTransitions,
  TRANSITION_STEPS,
  type TransitionStep,
} from './dispute-transitions.js';
import {
  addCounts,
  countsSince,
  NO_STATEMENTS,
  type StatementCounter,
  type StatementCounts,
} from './statement-counter.js';

/** The commands whose round trips are counted. */
export type CountedCommand = 'open_chargeback' | TransitionStep;

/** The commands in the order a defended chargeback runs them. */
export const COUNTED_COMMANDS: readonly CountedCommand[] = ['open_chargeback', ...TRANSITION_STEPS];

/** What one command type cost, one command at a time. */
export interface RoundTrips {
  readonly commands: number;
  readonly statements: StatementCounts;
  /** Latency of each command alone on the server, in milliseconds. */
  readonly latenciesMs: number[];
}

/**
 * Runs `disputes` chargebacks one command at a time, from opening to the issuer's acceptance,
 * counting the SQL statements (round trips) each command type sends and timing it with nothing
 * else running: where a command's time goes when no lock is contended.
 */
export async function countRoundTrips(
  bench: BenchDisputes,
  counter: StatementCounter,
  disputes: number,
): Promise<Record<CountedCommand, RoundTrips>> {
  await topUpPayments(bench, bench.payments.length + disputes);
  const statements = new Map<CountedCommand, StatementCounts>();
  const createLatenciesMs: number[] = [];
  const count = async (command: CountedCommand, run: () => Promise<void>) => {
    const before = counter.snapshot();
    await run();
    const sent = countsSince(before, counter.snapshot());
    statements.set(command, addCounts(statements.get(command) ?? NO_STATEMENTS, sent));
  };
  const transitions = new DisputeTransitions(bench);
  for (let index = 0; index < disputes; index += 1) {
    await count('open_chargeback', async () => {
      const begun = performance.now();
      bench.open.push(await openChargeback(bench));
      createLatenciesMs.push(performance.now() - begun);
    });
    // The dispute just opened is the one `next` takes; it runs the steps in order.
    for (const step of TRANSITION_STEPS) await count(step, () => transitions.next(0));
  }
  const result = (command: CountedCommand, latenciesMs: number[]): RoundTrips => ({
    commands: disputes,
    statements: statements.get(command) ?? NO_STATEMENTS,
    latenciesMs,
  });
  return {
    open_chargeback: result('open_chargeback', createLatenciesMs),
    stage_evidence: result('stage_evidence', transitions.latenciesMs.stage_evidence),
    submit_evidence: result('submit_evidence', transitions.latenciesMs.submit_evidence),
    record_issuer_decision: result(
      'record_issuer_decision',
      transitions.latenciesMs.record_issuer_decision,
    ),
  };
}
