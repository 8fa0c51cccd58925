import { type PgPool, RECORD_DATA } from '../database.js';
import { type BenchScale, progress, runWorkers } from '../harness.js';
import { emptyTotals, rate, runTimedWorkers, type TimedTotals } from '../vault-timing.js';
import {
  type BenchDisputes,
  openChargeback,
  topUpOpenDisputes,
  topUpPayments,
} from './dispute-host.js';
import { DisputeTransitions, TRANSITION_STEPS } from './dispute-transitions.js';
import {
  addCounts,
  countsSince,
  NO_STATEMENTS,
  type StatementCounter,
  type StatementCounts,
} from './statement-counter.js';

/** What one measured call does. */
export type CommandVariant = 'create' | 'transition' | 'bare_insert';
const VARIANTS: readonly CommandVariant[] = ['create', 'transition', 'bare_insert'];

/**
 * Creates per second assumed before any was measured, to capture the warm-up's payments (cheap:
 * a batch of them per commit); above what one Postgres server does with hot house accounts.
 */
const CREATE_RATE_GUESS_PER_SECOND = 3000;
/** Payments and open disputes waiting before a phase, as a multiple of what it should use. */
const SUPPLY_MARGIN = 2;

/** Everything measured per variant over the rounds, and the transitions by step. */
export interface CommandResults {
  readonly concurrency: number;
  readonly totals: Record<CommandVariant, TimedTotals>;
  /** The statements each variant's rounds sent (`begins` are transaction attempts). */
  readonly statements: Record<CommandVariant, StatementCounts>;
  readonly transitions: DisputeTransitions;
}

// Everything the phases share.
interface CommandRun {
  readonly bench: BenchDisputes;
  readonly pool: PgPool;
  transitions: DisputeTransitions;
  readonly concurrency: number;
  bareInserts: number;
}

async function operation(run: CommandRun, variant: CommandVariant, worker: number): Promise<void> {
  if (variant === 'create') {
    run.bench.open.push(await openChargeback(run.bench));
    return;
  }
  if (variant === 'transition') {
    await run.transitions.next(worker);
    return;
  }
  run.bareInserts += 1;
  // One autocommitted statement into a table without RLS, as the audit and vault baselines.
  await run.pool.query(
    `insert into bench_raw (tenant_id, collection, id, data, version) values ('bench', 'bench.disputes', $1, $2, 1)`,
    [`insert-${run.bareInserts}`, JSON.stringify(RECORD_DATA)],
  );
}

// Enough payments and open disputes for the next phase of each variant at the fastest rate seen.
async function supply(run: CommandRun, phaseMs: number, rates: Record<CommandVariant, number>) {
  const margin = 2 * run.concurrency;
  const seconds = phaseMs / 1000;
  await topUpPayments(run.bench, Math.ceil(rates.create * seconds * SUPPLY_MARGIN) + margin);
  // Each dispute takes the transition variant TRANSITION_STEPS.length calls.
  const disputes = (rates.transition * seconds * SUPPLY_MARGIN) / TRANSITION_STEPS.length;
  await topUpOpenDisputes(run.bench, Math.ceil(disputes) + margin, run.concurrency);
}

/**
 * At `concurrency`: chargebacks opened through the engine (each on its own payment, withdrawing
 * the funds), transition commands on distinct open disputes, and a bare autocommitted INSERT on
 * the same pool, each warmed up, then in `disputesRounds` rounds alternating their order (ABC,
 * CBA, ...). Payments and open disputes are made between phases, never inside a measured one.
 */
export async function measureCommands(
  bench: BenchDisputes,
  pool: PgPool,
  counter: StatementCounter,
  concurrency: number,
  scale: BenchScale,
): Promise<CommandResults> {
  const transitions = new DisputeTransitions(bench);
  const run: CommandRun = { bench, pool, transitions, concurrency, bareInserts: 0 };
  const fastest: Record<CommandVariant, number> = {
    create: CREATE_RATE_GUESS_PER_SECOND,
    transition: 0,
    bare_insert: 0,
  };
  for (const variant of VARIANTS) {
    await supply(run, scale.disputesWarmUpMs, fastest);
    const { ops, seconds } = await runWorkers(concurrency, scale.disputesWarmUpMs, (worker) =>
      operation(run, variant, worker),
    );
    fastest[variant] = ops / seconds;
    // The issuer's acceptance locks the same house accounts as a create, so a dispute goes
    // through its transitions at most about as fast as disputes open: what the warm-up needs.
    if (variant === 'create') fastest.transition = TRANSITION_STEPS.length * fastest.create;
  }
  progress(
    `disputes warm-up c=${concurrency}: create ${fastest.create.toFixed(0)}/s, transition ${fastest.transition.toFixed(0)}/s, bare INSERT ${fastest.bare_insert.toFixed(0)}/s`,
  );
  // The warm-up's latencies stay out of the per-step numbers.
  const measured = new DisputeTransitions(bench);
  run.transitions = measured;
  const totals = Object.fromEntries(VARIANTS.map((variant) => [variant, emptyTotals()])) as Record<
    CommandVariant,
    TimedTotals
  >;
  const statements = Object.fromEntries(
    VARIANTS.map((variant) => [variant, NO_STATEMENTS]),
  ) as Record<CommandVariant, StatementCounts>;
  for (let round = 0; round < scale.disputesRounds; round += 1) {
    await supply(run, scale.disputesPhaseMs, fastest);
    for (const variant of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
      const before = counter.snapshot();
      const perSecond = await runTimedWorkers(
        totals[variant],
        concurrency,
        scale.disputesPhaseMs,
        (worker) => operation(run, variant, worker),
      );
      statements[variant] = addCounts(statements[variant], countsSince(before, counter.snapshot()));
      fastest[variant] = Math.max(fastest[variant], perSecond);
    }
    progress(
      `disputes round ${round + 1} c=${concurrency}: ${VARIANTS.map((variant) => `${variant} ${(totals[variant].rounds.at(-1) ?? Number.NaN).toFixed(0)}/s`).join(', ')}`,
    );
  }
  for (const variant of VARIANTS) totals[variant].attempts = statements[variant].begins;
  progress(
    `disputes c=${concurrency}: create ${rate(totals.create).toFixed(0)}/s, transition ${rate(totals.transition).toFixed(0)}/s, bare INSERT ${rate(totals.bare_insert).toFixed(0)}/s`,
  );
  return { concurrency, totals, statements, transitions: measured };
}
