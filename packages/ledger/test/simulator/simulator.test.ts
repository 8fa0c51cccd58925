import { describe, expect, it } from 'vitest';
import { STORAGE_FAULT_KINDS } from './fault-storage.js';
import { InvariantViolation, SimulationFailure } from './invariant-violation.js';
import { runSimulation } from './simulator.js';
import { mergeStats, type SimulatorStats } from './simulator-stats.js';

// Replay one run: SIMULATOR_SEED=<seed> [SIMULATOR_STEPS=<steps>] pnpm exec vitest run
// --project ledger test/simulator
const seedOverride = process.env['SIMULATOR_SEED'];
const stepsOverride = process.env['SIMULATOR_STEPS'];

function parseCount(name: string, value: string, maximum: number): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0 || parsed > maximum) {
    throw new Error(`${name} must be an integer from 0 to ${maximum}`);
  }
  return parsed;
}

const FIXED_SEEDS = [1, 20_260_301, 3_735_928_559];
const STEPS = stepsOverride === undefined ? 300 : parseCount('SIMULATOR_STEPS', stepsOverride, 1e6);
const randomSeed = (crypto.getRandomValues(new Uint32Array(1))[0] as number) >>> 0;
const SEEDS =
  seedOverride === undefined
    ? [...FIXED_SEEDS, randomSeed]
    : [parseCount('SIMULATOR_SEED', seedOverride, 0xffff_ffff)];

describe('ledger simulator: random workloads on memory with injected faults', () => {
  const runs: SimulatorStats[] = [];

  for (const seed of SEEDS) {
    const origin =
      FIXED_SEEDS.includes(seed) || seedOverride !== undefined ? 'seed' : 'random seed';
    it(`keeps every invariant for ${STEPS} steps, ${origin} ${seed}`, async () => {
      const report = await runSimulation({ seed, steps: STEPS });
      runs.push(report.stats);
      expect(report.stats.commands).toBeGreaterThan(STEPS);
    });
  }

  it.skipIf(seedOverride !== undefined || stepsOverride !== undefined)(
    'injected every kind of fault, and retries after lost replies were answered exists',
    () => {
      expect(runs).toHaveLength(SEEDS.length);
      const total = mergeStats(runs);
      for (const kind of STORAGE_FAULT_KINDS) expect(total.faults[kind], kind).toBeGreaterThan(0);
      // Commits whose reply was lost (lost replies, crashes after the commit) and what the
      // retries with the same ids were answered.
      expect(total.committedWithoutReply).toBeGreaterThan(0);
      expect(total.existsAfterLostReply).toBeGreaterThan(0);
      expect(total.alreadyFailedAfterLostReply).toBeGreaterThan(0);
      expect(total.recoveredByExists).toBeGreaterThan(0);
      expect(total.crashRestarts).toBe(total.faults.crash);
      expect(total.idleRestarts).toBeGreaterThan(0);
      expect(total.incompleteBatches).toBeGreaterThan(0);
      expect(total.conflictAnswers).toBeGreaterThan(0);
      expect(total.expiredBySweeps).toBeGreaterThan(0);
      // Every path of the workload ran, and ended in the outcomes it is there to reach.
      for (const label of [
        'transfer',
        'pending',
        'post_full',
        'post_partial',
        'void',
        'balancing',
        'closing',
        'journal',
        'journal_pending',
        'journal_post',
        'journal_void',
        'resolve_settled',
        'unknown_account',
        'duplicate',
        'conflicting_duplicate',
      ]) {
        expect(total.labels[label] ?? 0, label).toBeGreaterThan(0);
      }
      for (const status of [
        'created',
        'exists',
        'id_already_failed',
        'linked_event_failed',
        'pending_transfer_expired',
        'pending_transfer_already_posted',
        'exceeds_credits',
        'credit_account_not_found',
        'debit_account_already_closed',
        'exists_with_different_code',
        'account:created',
        'account:exists',
      ]) {
        expect(total.statuses[status] ?? 0, status).toBeGreaterThan(0);
      }
    },
  );

  it('replays a run exactly from its seed', async () => {
    const seed = SEEDS[0] as number;
    const first = await runSimulation({ seed, steps: 60 });
    const second = await runSimulation({ seed, steps: 60 });
    expect(second.trace).toEqual(first.trace);
    expect(second.stats).toEqual(first.stats);
    // A run of fewer steps is a prefix of a longer one, so SIMULATOR_STEPS can shorten a replay.
    const shorter = await runSimulation({ seed, steps: 30 });
    expect(first.trace.slice(0, shorter.trace.length)).toEqual(shorter.trace);
  });

  it('fails with the seed and step when the storage breaks its contract', async () => {
    // Commits that drop their account writes leave balances behind the answers.
    const failure = await runSimulation({ seed: 7, steps: 200, tornCommitRate: 0.05 }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(SimulationFailure);
    const { seed, step, message } = failure as SimulationFailure;
    expect(seed).toBe(7);
    expect(step).toBeGreaterThanOrEqual(0);
    expect(message).toContain(`simulator seed 7, step ${step}:`);
    expect(message).toContain(`SIMULATOR_SEED=7 SIMULATOR_STEPS=${step} pnpm exec vitest run`);
    expect((failure as SimulationFailure).cause).toBeInstanceOf(InvariantViolation);
    expect(message).toMatch(/account acc_\w+ holds .* but the answers add up to/);
  });
});
