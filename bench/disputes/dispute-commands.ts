import { type PgPool, RECORD_DATA } from '../database.js';
import { type BenchScale, progress, runWorkers } from '../harness.js';
import { emptyTotals, rate, runTimedWorkers, type TimedTotals } from '../vault-timing.js';
import {
  COMMAND_ENGINES,
  COMMAND_VARIANTS,
  type CommandEngine,
  type CommandVariant,
  planOf,
  variantOf,
} from './command-variants.js';
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
  /** The measured rounds' transitions on each engine. */
  readonly transitions: Record<CommandEngine, DisputeTransitions>;
}

// One engine with its supply of payments and open disputes, and its transitions so far.
interface EngineRun {
  readonly bench: BenchDisputes;
  transitions: DisputeTransitions;
}

// Everything the phases share.
interface CommandRun {
  readonly engines: Record<CommandEngine, EngineRun>;
  readonly pool: PgPool;
  readonly concurrency: number;
  bareInserts: number;
}

async function operation(run: CommandRun, variant: CommandVariant, worker: number): Promise<void> {
  if (variant !== 'bare_insert') {
    const plan = planOf(variant);
    const engine = run.engines[plan.engine];
    if (plan.operation === 'create') engine.bench.open.push(await openChargeback(engine.bench));
    else await engine.transitions.next(worker);
    return;
  }
  run.bareInserts += 1;
  // One autocommitted statement into a table without RLS, as the audit and vault baselines.
  await run.pool.query(
    `insert into bench_raw (tenant_id, collection, id, data, version) values ('bench', 'bench.disputes', $1, $2, 1)`,
    [`insert-${run.bareInserts}`, JSON.stringify(RECORD_DATA)],
  );
}

// Enough payments and open disputes on each engine for the next phase of each variant at the
// fastest rate seen.
async function supply(run: CommandRun, phaseMs: number, rates: Record<CommandVariant, number>) {
  const margin = 2 * run.concurrency;
  const seconds = phaseMs / 1000;
  for (const engine of COMMAND_ENGINES) {
    const { bench } = run.engines[engine];
    const creates = rates[variantOf(engine, 'create')];
    await topUpPayments(bench, Math.ceil(creates * seconds * SUPPLY_MARGIN) + margin);
    // Each dispute takes the transition variant TRANSITION_STEPS.length calls.
    const transitions = rates[variantOf(engine, 'transition')];
    const disputes = (transitions * seconds * SUPPLY_MARGIN) / TRANSITION_STEPS.length;
    await topUpOpenDisputes(bench, Math.ceil(disputes) + margin, run.concurrency);
  }
}

// `create 61/s, create_group_commit 540/s, …` for the progress lines.
function ratesText(rates: (variant: CommandVariant) => number): string {
  return COMMAND_VARIANTS.map((variant) => `${variant} ${rates(variant).toFixed(0)}/s`).join(', ');
}

/**
 * At `concurrency`, on each engine: chargebacks opened through it (each on its own payment,
 * withdrawing the funds) and transition commands on distinct open disputes; and a bare
 * autocommitted INSERT on the same pool. Each variant is warmed up, then all run in
 * `disputesRounds` rounds alternating their order (ABC, CBA, ...). Payments and open disputes
 * are made between phases, never inside a measured one.
 */
export async function measureCommands(
  engines: Record<CommandEngine, BenchDisputes>,
  pool: PgPool,
  counter: StatementCounter,
  concurrency: number,
  scale: BenchScale,
): Promise<CommandResults> {
  const engineRun = (bench: BenchDisputes) => ({
    bench,
    transitions: new DisputeTransitions(bench),
  });
  const run: CommandRun = {
    engines: {
      one_commit_each: engineRun(engines.one_commit_each),
      group_commit: engineRun(engines.group_commit),
    },
    pool,
    concurrency,
    bareInserts: 0,
  };
  const fastest = Object.fromEntries(COMMAND_VARIANTS.map((variant) => [variant, 0])) as Record<
    CommandVariant,
    number
  >;
  for (const engine of COMMAND_ENGINES)
    fastest[variantOf(engine, 'create')] = CREATE_RATE_GUESS_PER_SECOND;
  for (const variant of COMMAND_VARIANTS) {
    await supply(run, scale.disputesWarmUpMs, fastest);
    const { ops, seconds } = await runWorkers(concurrency, scale.disputesWarmUpMs, (worker) =>
      operation(run, variant, worker),
    );
    fastest[variant] = ops / seconds;
    // The issuer's acceptance locks the same house accounts as a create, so a dispute goes
    // through its transitions at most about as fast as disputes open: what the warm-up needs.
    const plan = variant === 'bare_insert' ? undefined : planOf(variant);
    if (plan?.operation === 'create')
      fastest[variantOf(plan.engine, 'transition')] = TRANSITION_STEPS.length * fastest[variant];
  }
  progress(`disputes warm-up c=${concurrency}: ${ratesText((variant) => fastest[variant])}`);
  // The warm-up's latencies stay out of the per-step numbers.
  for (const engine of COMMAND_ENGINES)
    run.engines[engine].transitions = new DisputeTransitions(run.engines[engine].bench);
  const totals = Object.fromEntries(
    COMMAND_VARIANTS.map((variant) => [variant, emptyTotals()]),
  ) as Record<CommandVariant, TimedTotals>;
  const statements = Object.fromEntries(
    COMMAND_VARIANTS.map((variant) => [variant, NO_STATEMENTS]),
  ) as Record<CommandVariant, StatementCounts>;
  for (let round = 0; round < scale.disputesRounds; round += 1) {
    await supply(run, scale.disputesPhaseMs, fastest);
    for (const variant of round % 2 === 0 ? COMMAND_VARIANTS : [...COMMAND_VARIANTS].reverse()) {
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
      `disputes round ${round + 1} c=${concurrency}: ${ratesText((variant) => totals[variant].rounds.at(-1) ?? Number.NaN)}`,
    );
  }
  for (const variant of COMMAND_VARIANTS) totals[variant].attempts = statements[variant].begins;
  progress(`disputes c=${concurrency}: ${ratesText((variant) => rate(totals[variant]))}`);
  return {
    concurrency,
    totals,
    statements,
    transitions: {
      one_commit_each: run.engines.one_commit_each.transitions,
      group_commit: run.engines.group_commit.transitions,
    },
  };
}
