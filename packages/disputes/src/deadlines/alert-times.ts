import { assert, type DomainError, err, ok, type Result } from '@strongroom/kernel';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Reminder lead times used when none are configured: 7 days, 2 days and 24 hours before. */
export const DEFAULT_ALERT_LEAD_TIMES_MS: readonly number[] = Object.freeze([
  7 * DAY_MS,
  2 * DAY_MS,
  24 * HOUR_MS,
]);

/** Most lead times one deadline may have. */
export const ALERT_LEAD_TIMES_MAX = 10;

/** Shortest lead time: one minute; less is not a reminder a person can act on. */
export const ALERT_LEAD_TIME_MIN_MS = 60_000;

/** Longest lead time: a year, longer than any network window. */
export const ALERT_LEAD_TIME_MAX_MS = 365 * DAY_MS;

/** A list of lead times that cannot be used. */
export interface AlertLeadTimesError extends DomainError<'disputes.alert_lead_times_invalid'> {
  readonly reason: 'not_a_list' | 'too_many' | 'not_an_integer' | 'out_of_range';
}

/** One reminder: when to send it, and how long before the deadline that is. */
export interface DeadlineAlert {
  readonly alertAt: Date;
  readonly leadTimeMs: number;
}

/** Options of {@link alertTimes}. */
export interface AlertTimesOptions {
  /** The time the alerts are asked for; alerts before it are skipped. */
  readonly now: Date;
  /** Parsed with {@link parseAlertLeadTimes}; defaults to {@link DEFAULT_ALERT_LEAD_TIMES_MS}. */
  readonly leadTimesMs?: readonly number[];
}

/** Validates configured lead times: a list of at most ten whole milliseconds within bounds. */
export function parseAlertLeadTimes(
  input: unknown,
): Result<readonly number[], AlertLeadTimesError> {
  if (!Array.isArray(input)) return err(leadTimesError('not_a_list'));
  if (input.length > ALERT_LEAD_TIMES_MAX) return err(leadTimesError('too_many'));
  for (const leadTimeMs of input) {
    if (typeof leadTimeMs !== 'number' || !Number.isInteger(leadTimeMs)) {
      return err(leadTimesError('not_an_integer'));
    }
    if (leadTimeMs < ALERT_LEAD_TIME_MIN_MS || leadTimeMs > ALERT_LEAD_TIME_MAX_MS) {
      return err(leadTimesError('out_of_range'));
    }
  }
  return ok(Object.freeze([...input]));
}

/**
 * When to remind about a deadline: one alert per distinct lead time, earliest first, skipping
 * those whose time has already passed at `now` (an alert due exactly now is kept).
 */
export function alertTimes(deadline: Date, options: AlertTimesOptions): readonly DeadlineAlert[] {
  const leadTimesMs = options.leadTimesMs ?? DEFAULT_ALERT_LEAD_TIMES_MS;
  assert(parseAlertLeadTimes(leadTimesMs).isOk(), 'lead times must come from parseAlertLeadTimes');
  const deadlineMs = deadline.getTime();
  const nowMs = options.now.getTime();
  assert(Number.isFinite(deadlineMs) && Number.isFinite(nowMs), 'instants must be valid Dates');
  const distinctDescending = [...new Set(leadTimesMs)].sort((first, second) => second - first);
  const alerts: DeadlineAlert[] = [];
  for (const leadTimeMs of distinctDescending) {
    const alertAtMs = deadlineMs - leadTimeMs;
    if (alertAtMs < nowMs) continue;
    alerts.push(Object.freeze({ alertAt: new Date(alertAtMs), leadTimeMs }));
  }
  return Object.freeze(alerts);
}

function leadTimesError(reason: AlertLeadTimesError['reason']): AlertLeadTimesError {
  return { type: 'disputes.alert_lead_times_invalid', reason };
}
