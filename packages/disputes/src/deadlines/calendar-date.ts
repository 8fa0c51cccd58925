import { assert, type DomainError, err, ok, type Result } from '@strongroom/kernel';

declare const calendarDateBrand: unique symbol;

/**
 * A real UTC calendar day as `YYYY-MM-DD` (four-digit year). Network time limits count calendar
 * days, so deadlines are computed on whole days, never on local times: no DST shifts.
 */
export type CalendarDate = string & { readonly [calendarDateBrand]: true };

/** Earliest year {@link parseCalendarDate} accepts: card disputes are recent. */
export const CALENDAR_YEAR_MIN = 1970;

/**
 * Latest year {@link parseCalendarDate} accepts. Dates computed from parsed ones may run later,
 * but a shift of at most {@link CALENDAR_DAYS_SHIFT_MAX} days keeps them within four-digit years.
 */
export const CALENDAR_YEAR_MAX = 2999;

/** Largest number of days one shift may move a date, forwards or backwards (about 27 years). */
export const CALENDAR_DAYS_SHIFT_MAX = 10_000;

/** A calendar date that is not a real `YYYY-MM-DD` day within the accepted years. */
export interface CalendarDateError extends DomainError<'disputes.calendar_date_invalid'> {
  readonly reason: 'not_a_string' | 'bad_format' | 'no_such_day' | 'out_of_range';
}

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`, refusing days that do not exist (2100-02-29) and years out of range. */
export function parseCalendarDate(input: unknown): Result<CalendarDate, CalendarDateError> {
  if (typeof input !== 'string') return err(calendarDateError('not_a_string'));
  // The pattern is anchored and fixed-width, so a long input fails in constant time.
  const match = DATE_PATTERN.exec(input);
  if (match === null) return err(calendarDateError('bad_format'));
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < CALENDAR_YEAR_MIN || year > CALENDAR_YEAR_MAX) {
    return err(calendarDateError('out_of_range'));
  }
  const dayMs = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 02-30 over to 03-02; a round trip that changes the text means no such day.
  if (formatDay(dayMs) !== input) return err(calendarDateError('no_such_day'));
  return ok(input as CalendarDate);
}

/** A calendar date from trusted text (a constant in the catalogue); a bad one is a bug. */
export function calendarDate(text: string): CalendarDate {
  const parsed = parseCalendarDate(text);
  assert(parsed.isOk(), 'calendar date constant must be a real day');
  return parsed.value;
}

/** The UTC calendar day an instant falls on. */
export function calendarDateOf(instant: Date): CalendarDate {
  const timeMs = instant.getTime();
  assert(Number.isFinite(timeMs), 'instant must be a valid Date');
  return checkedDay(Math.floor(timeMs / DAY_MS) * DAY_MS);
}

/** The date `days` calendar days after (or, when negative, before) `date`. */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  assert(
    Number.isInteger(days) && Math.abs(days) <= CALENDAR_DAYS_SHIFT_MAX,
    'day shift must be a bounded integer',
  );
  return checkedDay(dayStartMs(date) + days * DAY_MS);
}

/** Whole calendar days from `from` to `to`: positive when `to` is later. */
export function calendarDaysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((dayStartMs(to) - dayStartMs(from)) / DAY_MS);
}

/** The later of two dates (`YYYY-MM-DD` text sorts in date order). */
export function laterCalendarDate(first: CalendarDate, second: CalendarDate): CalendarDate {
  return first >= second ? first : second;
}

/** The earlier of two dates. */
export function earlierCalendarDate(first: CalendarDate, second: CalendarDate): CalendarDate {
  return first <= second ? first : second;
}

/** The first instant of the day, 00:00:00Z. */
export function startOfCalendarDate(date: CalendarDate): Date {
  return new Date(dayStartMs(date));
}

/**
 * The last whole second of the day, 23:59:59Z: the instant a deadline "on this day" expires.
 * Seconds, like Stripe's `due_by`, so that network and provider deadlines compare alike.
 */
export function endOfCalendarDate(date: CalendarDate): Date {
  return new Date(dayStartMs(date) + DAY_MS - 1000);
}

function dayStartMs(date: CalendarDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function checkedDay(dayMs: number): CalendarDate {
  const text = formatDay(dayMs);
  assert(DATE_PATTERN.test(text), 'calendar arithmetic left four-digit years');
  return text as CalendarDate;
}

function formatDay(dayMs: number): string {
  const instant = new Date(dayMs);
  if (!Number.isFinite(instant.getTime())) return '';
  return instant.toISOString().slice(0, 10);
}

function calendarDateError(reason: CalendarDateError['reason']): CalendarDateError {
  return { type: 'disputes.calendar_date_invalid', reason };
}
