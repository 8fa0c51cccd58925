import {
  DEFAULT_ALERT_LEAD_TIMES_MS,
  DISPUTE_COLLECTIONS,
  DISPUTE_SWEEP_LIMIT_MAX,
  type ResponseDeadline,
} from '@strongroom/disputes';
import { type Storage, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { RECORDS_TABLE } from '@strongroom/postgres';
import type { PgPool } from '../database.js';
import { benchTenant, progress } from '../harness.js';
import { insertIndexRows } from './deadline-index-rows.js';
import { type BenchDisputes, createBenchDisputes, topUpOpenDisputes } from './dispute-host.js';
import {
  addCounts,
  countsSince,
  NO_STATEMENTS,
  type StatementCounter,
  type StatementCounts,
} from './statement-counter.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The due disputes' provider deadline, after their opening, and the sweep, after that deadline. */
const DUE_AFTER_OPENING_MS = HOUR_MS;
const SWEEP_AFTER_DUE_MS = HOUR_MS;
/** The disputes not due fall due over 35 days from a day and an hour after the sweep. */
const NOT_DUE_FROM_MS = DAY_MS + HOUR_MS;
const NOT_DUE_SPREAD_MS = 35 * DAY_MS;

/** What one scenario's sweep, called until it said there was no more, did and took. */
export interface SweepRun {
  readonly tenantId: TenantId;
  /** Disputes opened through the engine with a deadline before the sweep. */
  readonly due: number;
  /** Disputes present only as index rows, due after the sweep. */
  readonly notDue: number;
  /** Index rows written for them: deadline entries and pending reminders. */
  readonly indexRows: { readonly byDeadline: number; readonly alerts: number };
  /** Wall time of the scenario's calls together. */
  readonly seconds: number;
  /** Duration of each call, in milliseconds. */
  readonly callsMs: readonly number[];
  readonly expired: number;
  readonly skipped: number;
  readonly failed: number;
  readonly alerted: number;
  /** What its calls sent to the server. */
  readonly statements: StatementCounts;
}

/** What the sweep benchmark runs on. */
export interface SweepSetting {
  readonly storage: Storage;
  /** The bench's superuser pool, for the index rows and maintenance. */
  readonly pool: PgPool;
  readonly counter: StatementCounter;
  /** Workers opening each scenario's due disputes. */
  readonly concurrency: number;
}

// One tenant's sweep as it runs: its engine and what its calls did so far.
interface Scenario {
  readonly bench: BenchDisputes;
  readonly tenantId: TenantId;
  readonly due: number;
  readonly notDue: number;
  indexRows: { byDeadline: number; alerts: number };
  readonly callsMs: number[];
  readonly totals: { expired: number; skipped: number; failed: number; alerted: number };
  statements: StatementCounts;
  more: boolean;
}

// `due` chargebacks opened through the engine with a provider deadline an hour ahead of its clock.
async function openScenario(
  setting: SweepSetting,
  tenantId: TenantId,
  due: number,
  notDue: number,
): Promise<Scenario> {
  const bench = await createBenchDisputes(setting.storage, tenantId);
  const dueAt = new Date(bench.suite.clock.now().getTime() + DUE_AFTER_OPENING_MS);
  const deadline: ResponseDeadline = {
    kind: 'due',
    dueAt: dueAt.toISOString(),
    source: 'provider',
  };
  const opening = performance.now();
  await topUpOpenDisputes(bench, due, setting.concurrency, deadline);
  progress(
    `disputes sweep (${tenantId}): ${due} due disputes opened in ${((performance.now() - opening) / 1000).toFixed(1)} s`,
  );
  return {
    bench,
    tenantId,
    due,
    notDue,
    indexRows: { byDeadline: 0, alerts: 0 },
    callsMs: [],
    totals: { expired: 0, skipped: 0, failed: 0, alerted: 0 },
    statements: NO_STATEMENTS,
    more: true,
  };
}

// After bulk writes: visibility map and statistics as a table in service has them, and the
// written pages flushed, so neither autovacuum nor a checkpoint lands inside the timed sweep.
async function settle(pool: PgPool): Promise<void> {
  await pool.query(`vacuum (analyze) ${RECORDS_TABLE}`);
  await pool.query('checkpoint');
}

// One call with the largest limit, timed and counted on the scenario.
async function sweepOnce(setting: SweepSetting, scenario: Scenario): Promise<void> {
  const before = setting.counter.snapshot();
  const begun = performance.now();
  const outcome = unwrapOrThrow(
    await scenario.bench.suite.disputes.sweepDeadlines(scenario.tenantId, {
      limit: DISPUTE_SWEEP_LIMIT_MAX,
    }),
  );
  scenario.callsMs.push(performance.now() - begun);
  const sent = countsSince(before, setting.counter.snapshot());
  scenario.statements = addCounts(scenario.statements, sent);
  scenario.totals.expired += outcome.expired;
  scenario.totals.skipped += outcome.skipped;
  scenario.totals.failed += outcome.failed;
  scenario.totals.alerted += outcome.alerted;
  scenario.more = outcome.more;
}

async function checkNothingDueLeft(pool: PgPool, scenario: Scenario, sweepAt: Date) {
  const { expired, failed } = scenario.totals;
  if (expired !== scenario.due || failed !== 0)
    throw new Error(`the sweep expired ${expired} of ${scenario.due} (${failed} failed)`);
  const { rows } = await pool.query(
    `select count(*)::int4 as due from ${RECORDS_TABLE}
     where tenant_id = $1 and collection = $2 and id like 'due/%' and id <= $3`,
    [scenario.tenantId, DISPUTE_COLLECTIONS.schedule, `due/${sweepAt.toISOString()}`],
  );
  const left = Number(rows[0]?.['due']);
  if (left !== 0) throw new Error(`the sweep left ${left} due deadline entries`);
}

function sweepRun(scenario: Scenario): SweepRun {
  const { callsMs } = scenario;
  return {
    tenantId: scenario.tenantId,
    due: scenario.due,
    notDue: scenario.notDue,
    indexRows: scenario.indexRows,
    seconds: callsMs.reduce((sum, milliseconds) => sum + milliseconds, 0) / 1000,
    callsMs,
    ...scenario.totals,
    statements: scenario.statements,
  };
}

/**
 * The sweep benchmark, in two tenants of the same database: in each, `due` chargebacks opened
 * through the engine (both tenants at once: each has its own house accounts) with a provider
 * deadline an hour ahead of its fake clock; in the second, `notDue` more disputes as deadline
 * index rows and pending reminders due 1 to 36 days after the sweep. Then both clocks move past
 * the deadline and `sweepDeadlines` runs with the largest limit until `more` is false, one call
 * per tenant in turn (alternating which goes first), so drift of the machine hits both alike.
 * Checks that each expired every due dispute and left no due entry behind.
 */
export async function benchSweep(
  setting: SweepSetting,
  due: number,
  notDue: number,
): Promise<{ readonly alone: SweepRun; readonly among: SweepRun }> {
  const [alone, among] = await Promise.all([
    openScenario(setting, benchTenant('bench-disputes-alone'), due, 0),
    openScenario(setting, benchTenant('bench-disputes-among'), due, notDue),
  ]);
  const sweepAt = new Date(
    alone.bench.suite.clock.now().getTime() + DUE_AFTER_OPENING_MS + SWEEP_AFTER_DUE_MS,
  );
  among.indexRows = await insertIndexRows(setting.pool, {
    tenantId: among.tenantId,
    count: notDue,
    firstDueAt: new Date(sweepAt.getTime() + NOT_DUE_FROM_MS),
    stepMs: NOT_DUE_SPREAD_MS / Math.max(1, notDue),
    leadTimesMs: DEFAULT_ALERT_LEAD_TIMES_MS,
    now: sweepAt,
  });
  await settle(setting.pool);
  for (const scenario of [alone, among]) scenario.bench.suite.clock.set(sweepAt);
  // Each call handles up to the limit; a few more calls than that cover stale or failed entries.
  const callsMax = 2 * Math.ceil(due / DISPUTE_SWEEP_LIMIT_MAX) + 10;
  for (let pair = 0; alone.more || among.more; pair += 1) {
    if (pair >= callsMax) throw new Error(`the sweep still had more after ${callsMax} calls`);
    for (const scenario of pair % 2 === 0 ? [alone, among] : [among, alone]) {
      if (scenario.more) await sweepOnce(setting, scenario);
    }
  }
  for (const scenario of [alone, among]) {
    await checkNothingDueLeft(setting.pool, scenario, sweepAt);
    progress(
      `disputes sweep (${scenario.tenantId}): ${due} expired among ${due + scenario.notDue} in ${sweepRun(scenario).seconds.toFixed(2)} s, ${scenario.callsMs.length} calls`,
    );
  }
  return { alone: sweepRun(alone), among: sweepRun(among) };
}
