import { DISPUTE_COLLECTIONS } from '@strongroom/disputes';
import type { TenantId } from '@strongroom/kernel';
import { RECORDS_TABLE } from '@strongroom/postgres';
import type { PgPool } from '../database.js';
import { progress } from '../harness.js';

/** Disputes per INSERT statement: bounds one statement's work and shows progress. */
const ROWS_PER_STATEMENT = 100_000;

/** Where the disputes that are not due yet fall due, and when their reminders fire. */
export interface IndexRowsPlan {
  readonly tenantId: TenantId;
  /** Disputes to index. */
  readonly count: number;
  /** The first one's due time; the rest follow `stepMs` apart. */
  readonly firstDueAt: Date;
  readonly stepMs: number;
  /** Reminder lead times; an alert row is written for each that fires at or after `now`. */
  readonly leadTimesMs: readonly number[];
  /** The sweep's time: reminders before it would have been sent already. */
  readonly now: Date;
}

// `Date.prototype.toISOString` in SQL (UTC, milliseconds, `Z`): the engine's index ids sort by it.
function isoText(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

// The disputes `first`..`last` of the plan: a typeid-shaped id and a due time to the millisecond.
const DUE_ROWS = `
  select 'dsp_' || lpad(n::text, 26, '0') as dispute_id,
         date_trunc('milliseconds', $3::timestamptz + ($4::float8 * n) * interval '1 millisecond') as due_at
  from generate_series($5::int8, $6::int8) as n`;

// `due/<dueAt ISO>/<disputeId>` with `{ disputeId, dueAt }`, as `updateDisputeIndexes` writes them.
const INSERT_BY_DEADLINE = `
  with due as (${DUE_ROWS}),
  inserted as (
    insert into ${RECORDS_TABLE} (tenant_id, collection, id, data, version)
    select $1, $2, 'due/' || ${isoText('due_at')} || '/' || dispute_id,
           jsonb_build_object('disputeId', dispute_id, 'dueAt', ${isoText('due_at')}), 1
    from due
    returning 1
  )
  select count(*)::int4 as written from inserted`;

// `alert/<alertAt ISO>/<disputeId>/<leadTimeMs>` with `{ disputeId, dueAt }`, for reminders still ahead.
const INSERT_ALERTS = `
  with due as (${DUE_ROWS}),
  alert as (
    select dispute_id, due_at, lead_ms,
           due_at - lead_ms * interval '1 millisecond' as alert_at
    from due cross join unnest($7::int8[]) as lead_ms
  ),
  inserted as (
    insert into ${RECORDS_TABLE} (tenant_id, collection, id, data, version)
    select $1, $2, 'alert/' || ${isoText('alert_at')} || '/' || dispute_id || '/' || lead_ms,
           jsonb_build_object('disputeId', dispute_id, 'dueAt', ${isoText('due_at')}), 1
    from alert
    where alert_at >= $8::timestamptz
    returning 1
  )
  select count(*)::int4 as written from inserted`;

/**
 * Writes the deadline index rows (and the pending reminders) of `plan.count` open disputes that
 * are not due, straight into the records table with `generate_series`, as the connecting
 * superuser (row-level security does not apply to it). Only these rows are where the sweep could
 * meet the disputes: it reads both indexes from their earliest id. Returns the rows written.
 */
export async function insertIndexRows(
  pool: PgPool,
  plan: IndexRowsPlan,
): Promise<{ byDeadline: number; alerts: number }> {
  const written = { byDeadline: 0, alerts: 0 };
  for (let first = 0; first < plan.count; first += ROWS_PER_STATEMENT) {
    const last = Math.min(plan.count, first + ROWS_PER_STATEMENT) - 1;
    const shared = [plan.firstDueAt.toISOString(), plan.stepMs, first, last];
    const byDeadline = await pool.query(INSERT_BY_DEADLINE, [
      plan.tenantId,
      DISPUTE_COLLECTIONS.schedule,
      ...shared,
    ]);
    const alerts = await pool.query(INSERT_ALERTS, [
      plan.tenantId,
      DISPUTE_COLLECTIONS.schedule,
      ...shared,
      plan.leadTimesMs.map(String),
      plan.now.toISOString(),
    ]);
    written.byDeadline += Number(byDeadline.rows[0]?.['written']);
    written.alerts += Number(alerts.rows[0]?.['written']);
    progress(`disputes sweep: ${last + 1} of ${plan.count} index rows written`);
  }
  return written;
}
