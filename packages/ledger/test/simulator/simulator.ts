import { createAuditLog } from '@strongroom/audit';
import { assert, FakeClock, parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { createLedger } from '../../src/service/ledger.js';
import { LEDGER_COLLECTIONS } from '../../src/store/ledger-collections.js';
import type { StorageFaultRates } from './fault-storage.js';
import { checkEverything, checkStep } from './invariant-checker.js';
import { SimulationFailure } from './invariant-violation.js';
import { ReferenceModel } from './reference-model.js';
import { SimulatedClient } from './simulated-client.js';
import { processIdGenerator } from './simulator-ids.js';
import { SimulatorRandom } from './simulator-random.js';
import { emptyStats, type SimulatorStats } from './simulator-stats.js';
import { idsOf, Workload } from './workload.js';

/** Fault rates per transaction: about one transaction in three meets a fault. */
export const DEFAULT_FAULT_RATES: StorageFaultRates = {
  unavailable: 0.06,
  commit_failed: 0.06,
  lost_reply: 0.08,
  conflict: 0.06,
  conflict_exhausted: 0.03,
  crash: 0.02,
};

/** How a run is set up. */
export interface SimulationOptions {
  readonly seed: number;
  readonly steps: number;
  /** Application processes sharing the database; default 4. */
  readonly clients?: number;
  readonly rates?: StorageFaultRates;
  /**
   * Sabotage, only for proving the checker: the probability that a transaction commits without
   * its account writes (a torn commit). Absent in real runs.
   */
  readonly tornCommitRate?: number;
}

/** What a run did. */
export interface SimulationReport {
  readonly seed: number;
  readonly steps: number;
  readonly stats: SimulatorStats;
  /** Every answer of the run in order, one line per command: equal runs have equal traces. */
  readonly trace: readonly string[];
}

// Writes per transaction: small enough that batches split over several transactions (so a
// fault can strike between them), large enough for the longest chain the workload sends.
const WRITES_PER_TRANSACTION = 80;

// Steps between two full checks (the step checks cover what each step touched).
const FULL_CHECK_EVERY = 50;

// How far the clock jumps between steps: mostly a little, sometimes past every pending timeout.
function clockJumpMs(random: SimulatorRandom): number {
  switch (random.weighted({ none: 20, small: 45, medium: 25, large: 9, huge: 1 })) {
    case 'none':
      return 0;
    case 'small':
      return random.integer(1, 50);
    case 'medium':
      return random.integer(100, 2000);
    case 'large':
      return random.integer(2000, 10_000);
    case 'huge':
      return 3_600_000;
  }
}

/**
 * Runs one seeded simulation: `clients` application processes, each with its own faulty
 * connection to one memory database, send random commands, several at once per step; between
 * steps the clock jumps and an idle process may crash. After every step the database is checked
 * against the model rebuilt from the answers. Every random choice comes from the seed, so a
 * failure (a {@link SimulationFailure} naming seed and step) replays exactly.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const { seed, steps } = options;
  const clientCount = options.clients ?? 4;
  assert(Number.isSafeInteger(steps) && steps >= 0, 'steps is a non-negative integer');
  assert(Number.isSafeInteger(clientCount) && clientCount >= 1, 'at least one client');
  const random = new SimulatorRandom(seed);
  const database = createMemoryStorage({
    limits: { writesPerTransaction: WRITES_PER_TRANSACTION },
    // No backoff delay: a real timer would make the interleaving of clients depend on the host.
    retry: { maxAttempts: 12, baseDelayMs: 0, maxDelayMs: 0 },
  });
  const clock = new FakeClock(new Date('2026-03-01T09:00:00.000Z'));
  const tenantId = unwrapOrThrow(parseTenantId('simulated'));
  const model = new ReferenceModel();
  const stats = emptyStats();
  const trace: string[] = [];
  let processes = 0;
  const environment = {
    database,
    clock,
    tenantId,
    model,
    stats,
    rates: options.rates ?? DEFAULT_FAULT_RATES,
    ...(options.tornCommitRate === undefined
      ? {}
      : { tornCommit: { rate: options.tornCommitRate, collection: LEDGER_COLLECTIONS.accounts } }),
    nextProcessNumber: () => {
      processes += 1;
      return processes;
    },
  };
  const clients = Array.from(
    { length: clientCount },
    (_, number) => new SimulatedClient(number, random, environment),
  );
  const checkerIds = processIdGenerator(0);
  const checker = {
    database,
    tenantId,
    ledger: createLedger({
      storage: database,
      audit: createAuditLog({
        storage: database,
        clock,
        ids: checkerIds,
        signing: { originPrefix: 'simulator.checker', masterSeeds: [new Uint8Array(32).fill(1)] },
      }),
      clock,
      ids: checkerIds,
    }),
  };
  const workload = new Workload(model);
  const [first] = clients;
  assert(first !== undefined, 'at least one client');

  let step = 0;
  try {
    trace.push(await first.execute({ kind: 'accounts', inputs: workload.initialAccounts(random) }));
    trace.push(await first.execute(workload.initialFunding(random)));
    await checkEverything(checker, model);
    for (step = 1; step <= steps; step += 1) {
      clock.advance(clockJumpMs(random));
      if (random.chance(0.03)) random.pick(clients).restartIdle();
      const active = clients.filter(() => random.chance(0.5));
      if (active.length === 0) active.push(random.pick(clients));
      // Commands are drawn before any runs, from the same view of the model, so clients race.
      const work = active.map((client) => ({ client, command: workload.next(client.random) }));
      const outcomes = await Promise.allSettled(
        work.map(({ client, command }) => client.execute(command)),
      );
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') throw outcome.reason;
        trace.push(outcome.value);
      }
      const sent = work.map(({ command }) => idsOf(command));
      if (step % FULL_CHECK_EVERY === 0 || step === steps) await checkEverything(checker, model);
      else {
        await checkStep(checker, model, {
          accountIds: sent.flatMap((ids) => ids.accountIds),
          transferIds: sent.flatMap((ids) => ids.transferIds),
        });
      }
    }
  } catch (cause) {
    throw new SimulationFailure(seed, step, cause);
  }
  return { seed, steps, stats, trace };
}
