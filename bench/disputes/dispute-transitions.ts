import type { DisputeCommand } from '@strongroom/disputes';
import { type Id, unwrapOrThrow } from '@strongroom/kernel';
import { on, TRACKING_NUMBER } from '../../packages/testkit/src/disputes/dispute-commands.js';
import type { BenchDisputes } from './dispute-host.js';

/** The commands a defended chargeback goes through after opening, in order. */
export const TRANSITION_STEPS = [
  'stage_evidence',
  'submit_evidence',
  'record_issuer_decision',
] as const;

/** One of {@link TRANSITION_STEPS}. */
export type TransitionStep = (typeof TRANSITION_STEPS)[number];

/** The status each step leaves the dispute in; anything else stops the run. */
const STATUS_AFTER: Record<TransitionStep, string> = {
  stage_evidence: 'chargeback_needs_response',
  submit_evidence: 'chargeback_under_review',
  record_issuer_decision: 'won',
};

function stepCommand(bench: BenchDisputes, disputeId: Id<'dsp'>, step: TransitionStep) {
  const { suite } = bench;
  const commands: Record<TransitionStep, () => DisputeCommand> = {
    stage_evidence: () => on(suite, disputeId, 'stage_evidence', { items: [TRACKING_NUMBER] }),
    submit_evidence: () => on(suite, disputeId, 'submit_evidence', {}),
    // The issuer's acceptance reinstates the amount and refunds the fee: a ledger posting.
    record_issuer_decision: () =>
      on(suite, disputeId, 'record_issuer_decision', {
        decision: 'accepted',
        source: { kind: 'system' },
      }),
  };
  return commands[step]();
}

/**
 * Moves open chargebacks through evidence, submission and the issuer's acceptance, one command
 * per call: each worker keeps its own dispute and step across calls (and rounds), so concurrent
 * commands always touch distinct disputes. Records each command's latency by step.
 */
export class DisputeTransitions {
  readonly #bench: BenchDisputes;
  readonly #cursors = new Map<number, { disputeId: Id<'dsp'>; step: number }>();
  /** Latency of every command run, by step, in milliseconds. */
  readonly latenciesMs: Record<TransitionStep, number[]> = {
    stage_evidence: [],
    submit_evidence: [],
    record_issuer_decision: [],
  };

  /** Transitions of the open chargebacks of `bench`. */
  constructor(bench: BenchDisputes) {
    this.#bench = bench;
  }

  /** Runs worker `worker`'s next command; takes a new open dispute after the last step. */
  async next(worker: number): Promise<void> {
    let cursor = this.#cursors.get(worker);
    if (cursor === undefined) {
      const disputeId = this.#bench.open.pop();
      if (disputeId === undefined)
        throw new Error('the bench ran out of open disputes: top up with a larger margin');
      cursor = { disputeId, step: 0 };
      this.#cursors.set(worker, cursor);
    }
    const step = TRANSITION_STEPS[cursor.step];
    if (step === undefined) throw new Error('a transition cursor ran past the last step');
    const { suite } = this.#bench;
    const begun = performance.now();
    const outcome = unwrapOrThrow(
      await suite.disputes.execute(
        suite.tenantId,
        stepCommand(this.#bench, cursor.disputeId, step),
      ),
    );
    this.latenciesMs[step].push(performance.now() - begun);
    if (outcome.events.length === 0 || outcome.dispute?.status !== STATUS_AFTER[step])
      throw new Error(`${step} left a bench dispute ${outcome.dispute?.status ?? 'missing'}`);
    cursor.step += 1;
    if (cursor.step === TRANSITION_STEPS.length) this.#cursors.delete(worker);
  }
}
