import type { Metric } from '../harness.js';
import {
  emptyTotals,
  latencySummary,
  percentileMs,
  rate,
  type TimedTotals,
} from '../vault-timing.js';
import {
  DISPUTE_VARIANTS,
  type DisputeOperation,
  type DisputeVariant,
  planOf,
  variantOf,
} from './command-variants.js';
import type { CommandResults } from './dispute-commands.js';
import { COUNTED_COMMANDS, type CountedCommand, type RoundTrips } from './dispute-round-trips.js';
import type { SweepRun } from './dispute-sweep.js';
import { TRANSITION_STEPS } from './dispute-transitions.js';
import { kindsPer, type StatementCounts, sqlMillisecondsPer } from './statement-counter.js';

/** Product brief: a dispute is created in under 500 ms and moved on in under 100 ms. */
const BRIEF_P99_MS: Record<DisputeOperation, number> = { create: 500, transition: 100 };
/** What we aim for, for both. */
const AIM_P99_MS = 20;
/** The sweep's cost should grow with the due disputes only: among many, about as fast as alone. */
const SWEEP_RATIO_MAX = 1.25;

const LABELS: Record<DisputeVariant, string> = {
  create: 'create (open_chargeback, funds withdrawn)',
  transition: 'transition (stage / submit evidence / issuer accepts)',
  create_group_commit: 'create (group commit)',
  transition_group_commit: 'transition (group commit)',
};

// How the group-commit engine differs from the one its rows are compared with.
const GROUP_COMMIT =
  'a second engine built with createDisputes({ ... }) as shipped (group commit is the default) in the same tenant, with house accounts of its own that all its commands lock: commands that arrive while its commit runs share the next READ COMMITTED tx (default batch size, one commit in flight), each prepared and recorded in turn, all their postings in one ledger execution at the end';

const DESCRIPTIONS: Record<DisputeVariant, string> = {
  create:
    'createDisputes({ ..., autoBatch: false }).execute on Postgres (one commit each), each on its own captured payment, Visa 13.1 with the network deadline (3 reminders); 1 READ COMMITTED tx: event stream, ledger withdrawal journal (merchant, reserve, fee accounts: the same three for every command), summary and indexes, audit leaf',
  transition:
    'on distinct open chargebacks, one command per call in turn: stage_evidence (1 item), submit_evidence, record_issuer_decision accepted (reinstatement + fee refund journal on the same three accounts)',
  create_group_commit: `the commands of '${LABELS.create}' through ${GROUP_COMMIT}`,
  transition_group_commit: `the commands of '${LABELS.transition}' through ${GROUP_COMMIT}`,
};

function latencies(latenciesMs: number[]): TimedTotals {
  return { ...emptyTotals(), latenciesMs };
}

function roundRatios(value: TimedTotals, baseline: TimedTotals): string {
  return value.rounds
    .map((perSecond, round) => (perSecond / (baseline.rounds[round] ?? Number.NaN)).toFixed(2))
    .join(', ');
}

function perCommand(statements: StatementCounts, commands: number, unit = 'command'): string {
  const waited = sqlMillisecondsPer(statements, commands).toFixed(2);
  return `${(statements.total / commands).toFixed(1)} statements/${unit}, ${waited} ms/${unit} from sending each to its answer (count × mean: ${kindsPer(statements, commands)}), transactions begun/${unit} ${(statements.begins / commands).toFixed(3)}`;
}

// The group-commit variant against the same commands one commit each: rate, p99, transactions.
function versusOneCommitEach(result: CommandResults, variant: DisputeVariant): string {
  const { engine, operation } = planOf(variant);
  if (engine === 'one_commit_each') return '';
  const measured = result.totals[variant];
  const each = result.totals[variantOf('one_commit_each', operation)];
  const p99Ratio = percentileMs(measured, 0.99) / percentileMs(each, 0.99);
  return `; against one commit each: ${(rate(measured) / rate(each)).toFixed(2)}× the commands/s, ${p99Ratio.toFixed(2)}× the p99`;
}

// Statements and transactions each command of a group-commit variant cost under load, against
// the same commands one commit each (the engine's whole point is fewer commits).
function sharedCommitMetric(result: CommandResults, variant: DisputeVariant): Metric {
  const each = variantOf('one_commit_each', planOf(variant).operation);
  const per = (name: DisputeVariant) => ({
    statements: result.statements[name].total / result.totals[name].ops,
    transactions: result.statements[name].begins / result.totals[name].ops,
  });
  const shared = per(variant);
  const alone = per(each);
  return {
    name: `disputes: ${LABELS[variant]} transactions per command, c=${result.concurrency}`,
    value: shared.transactions,
    unit: 'transactions',
    baseline: { label: 'one commit each', value: alone.transactions },
    ratio: shared.transactions / alone.transactions,
    target: { text: '< 1 (commands share commits)', pass: shared.transactions < 1 },
    note: `transactions begun (attempts, fallbacks to one commit each included) per command under load, ${(1 / shared.transactions).toFixed(1)} commands per transaction; ${shared.statements.toFixed(1)} statements/command against ${alone.statements.toFixed(1)} one commit each`,
  };
}

// Throughput and p99 of one command variant against the bare INSERT, the brief and our aim.
function variantMetrics(result: CommandResults, variant: DisputeVariant): Metric[] {
  const c = `c=${result.concurrency}`;
  const { engine, operation } = planOf(variant);
  const measured = result.totals[variant];
  const baseline = result.totals.bare_insert;
  const p99 = percentileMs(measured, 0.99);
  const baselineP99 = percentileMs(baseline, 0.99);
  const transitions = result.transitions[engine];
  const steps =
    operation === 'transition'
      ? `; by step ${TRANSITION_STEPS.map((step) => `${step} ${latencySummary(latencies(transitions.latenciesMs[step]))}`).join('; ')}`
      : '';
  return [
    {
      name: `disputes: ${LABELS[variant]}, ${c}`,
      value: rate(measured),
      unit: 'commands/s',
      baseline: { label: 'bare INSERT', value: rate(baseline) },
      ratio: rate(measured) / rate(baseline),
      note: `${DESCRIPTIONS[variant]}; ${latencySummary(measured)}; per-round ratios ${roundRatios(measured, baseline)}; under load ${perCommand(result.statements[variant], measured.ops)}${versusOneCommitEach(result, variant)}`,
    },
    {
      name: `disputes: ${LABELS[variant]} p99 latency, ${c}`,
      value: p99,
      unit: 'ms',
      baseline: { label: 'bare INSERT p99', value: baselineP99 },
      ratio: p99 / baselineP99,
      target: {
        text: `< ${BRIEF_P99_MS[operation]} ms (product brief)`,
        pass: p99 < BRIEF_P99_MS[operation],
      },
      note: `p50 ${percentileMs(measured, 0.5).toFixed(2)} ms${steps}; bare INSERT ${latencySummary(baseline)}`,
    },
    {
      name: `disputes: ${LABELS[variant]} p99 latency vs aim, ${c}`,
      value: p99,
      unit: 'ms',
      target: { text: `< ${AIM_P99_MS} ms (aim)`, pass: p99 < AIM_P99_MS },
      note: 'same samples as the row above',
    },
    ...(engine === 'group_commit' ? [sharedCommitMetric(result, variant)] : []),
  ];
}

/**
 * The command rows: creates and transitions per second, one commit each and with group commit,
 * against a bare INSERT at the same concurrency, their p99 against the bare INSERT's, the brief's
 * and our aim, group commit's transactions per command, and the baselines.
 */
export function commandMetrics(
  result: CommandResults,
  pgbenchInsertTps: number,
  rounds: string,
): Metric[] {
  const c = `c=${result.concurrency}`;
  const bare = 'bare_insert';
  return [
    ...DISPUTE_VARIANTS.flatMap((variant) => variantMetrics(result, variant)),
    {
      name: `baseline: bare INSERT (disputes part), ${c}`,
      value: rate(result.totals[bare]),
      unit: 'ops/s',
      note: `1 autocommitted INSERT of a small row into bench_raw (no RLS) on the same pool, interleaved with the commands; ${latencySummary(result.totals[bare])}; ${rounds}`,
    },
    {
      name: `baseline: pgbench INSERT (disputes part), ${c}`,
      value: pgbenchInsertTps,
      unit: 'tps',
      note: 'pgbench, one autocommitted INSERT per transaction, -M extended, same server',
    },
  ];
}

/** One row per command type: SQL statements (round trips) per command, one command at a time. */
export function roundTripMetrics(roundTrips: Record<CountedCommand, RoundTrips>): Metric[] {
  return COUNTED_COMMANDS.map((command) => {
    const { commands, statements, latenciesMs } = roundTrips[command];
    const meanMs = latenciesMs.reduce((sum, latencyMs) => sum + latencyMs, 0) / latenciesMs.length;
    return {
      name: `disputes: SQL round trips per ${command}, c=1`,
      value: statements.total / commands,
      unit: 'statements',
      note: `${commands} commands one at a time, alone on the server: ${latencySummary(latencies(latenciesMs))}, mean ${meanMs.toFixed(2)} ms of which ${(meanMs - sqlMillisecondsPer(statements, commands)).toFixed(2)} ms outside SQL round trips (JS, pool); ${perCommand(statements, commands)}`,
    };
  });
}

function sweepNote(run: SweepRun): string {
  const calls = latencies([...run.callsMs]);
  return `${run.callsMs.length} calls (limit 500) until more = false; ${(run.expired / run.seconds).toFixed(0)} expirations/s; per call ${latencySummary(calls)}; ${perCommand(run.statements, run.expired, 'expiry')} (2 listing txs per call included); skipped ${run.skipped}, alerts sent ${run.alerted}`;
}

/**
 * The sweep rows: the time to expire the due disputes among many against the same sweep with
 * only the due disputes, and that baseline on its own.
 */
export function sweepMetrics(among: SweepRun, alone: SweepRun): Metric[] {
  const ratio = among.seconds / alone.seconds;
  const total = (among.due + among.notDue).toLocaleString('en-US');
  return [
    {
      name: `disputes: sweep expiring ${among.due.toLocaleString('en-US')} due among ${total}`,
      value: among.seconds,
      unit: 's',
      baseline: {
        label: `same ${alone.due.toLocaleString('en-US')} due alone`,
        value: alone.seconds,
      },
      ratio,
      target: { text: `<= ${SWEEP_RATIO_MAX.toFixed(2)}× alone`, pass: ratio <= SWEEP_RATIO_MAX },
      note: `the ${among.due} due are real disputes opened through the engine (chargeback, funds withdrawn, provider deadline passed), each expired (lost, write-off posted) in its own tx; the other ${among.notDue} are schedule rows only (${among.indexRows.byDeadline} due entries + ${among.indexRows.alerts} pending reminders in disputes.schedule, written with generate_series, due 1-36 days later): the sweep meets other disputes only through that index, which it reads from the earliest id of each prefix and stops at the first entry not yet due, so its rows are all its cost could depend on; ${sweepNote(among)}`,
    },
    {
      name: `baseline: sweep expiring ${alone.due.toLocaleString('en-US')} due, nothing else indexed`,
      value: alone.seconds,
      unit: 's',
      note: `same set-up in a tenant of its own whose indexes hold only its due disputes, swept in the same run call by call in turn with the row above (alternating which goes first); ${sweepNote(alone)}`,
    },
  ];
}
