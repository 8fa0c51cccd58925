import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  CALENDAR_DAYS_SHIFT_MAX,
  calendarDate,
  calendarDateOf,
  calendarDaysBetween,
  endOfCalendarDate,
  parseCalendarDate,
  startOfCalendarDate,
} from '../../src/deadlines/calendar-date.js';
import { anyCalendarDate } from './date-fixture.js';

describe('parseCalendarDate', () => {
  it.each(['2025-01-31', '2028-02-29', '2000-02-29', '1970-01-01', '2999-12-31'])(
    'accepts %s',
    (text) => {
      expect(parseCalendarDate(text)._unsafeUnwrap()).toBe(text);
    },
  );

  it.each([
    [20250131, 'not_a_string'],
    [null, 'not_a_string'],
    [new Date('2025-01-31'), 'not_a_string'],
    ['2025-1-31', 'bad_format'],
    ['2025-01-31T00:00:00Z', 'bad_format'],
    [' 2025-01-31', 'bad_format'],
    ['31/01/2025', 'bad_format'],
    ['2025-01-31'.repeat(1000), 'bad_format'],
    ['2100-02-29', 'no_such_day'],
    ['2025-02-29', 'no_such_day'],
    ['2025-04-31', 'no_such_day'],
    ['2025-13-01', 'no_such_day'],
    ['2025-00-10', 'no_such_day'],
    ['2025-01-00', 'no_such_day'],
    ['1969-12-31', 'out_of_range'],
    ['3000-01-01', 'out_of_range'],
  ])('refuses %j as %s', (input, reason) => {
    expect(parseCalendarDate(input)._unsafeUnwrapErr()).toEqual({
      type: 'disputes.calendar_date_invalid',
      reason,
    });
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2025-01-31', 30, '2025-03-02'],
    ['2028-01-31', 30, '2028-03-01'],
    ['2028-02-29', 30, '2028-03-30'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2025-12-15', 30, '2026-01-14'],
    ['2024-01-01', 540, '2025-06-24'],
    ['2025-03-30', 1, '2025-03-31'],
    ['2025-10-26', 1, '2025-10-27'],
    ['2025-03-02', -30, '2025-01-31'],
  ])('%s + %i days = %s', (from, days, to) => {
    expect(addCalendarDays(calendarDate(from), days)).toBe(to);
    expect(calendarDaysBetween(calendarDate(from), calendarDate(to))).toBe(days);
  });

  it('takes the UTC day of an instant, whatever the local offset', () => {
    expect(calendarDateOf(new Date('2025-03-30T23:59:59.999Z'))).toBe('2025-03-30');
    expect(calendarDateOf(new Date('2025-03-31T01:00:00+02:00'))).toBe('2025-03-30');
    expect(calendarDateOf(new Date('1969-12-31T23:00:00Z'))).toBe('1969-12-31');
  });

  it('gives the first and last second of a day in UTC', () => {
    const day = calendarDate('2028-02-29');
    expect(startOfCalendarDate(day).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(endOfCalendarDate(day).toISOString()).toBe('2028-02-29T23:59:59.000Z');
  });

  it('asserts on shifts beyond the bound and on invalid instants', () => {
    expect(() =>
      addCalendarDays(calendarDate('2025-01-01'), CALENDAR_DAYS_SHIFT_MAX + 1),
    ).toThrow();
    expect(() => addCalendarDays(calendarDate('2025-01-01'), 1.5)).toThrow();
    expect(() => calendarDateOf(new Date(Number.NaN))).toThrow();
  });

  it('agrees with millisecond arithmetic on whole UTC days', () => {
    fc.assert(
      fc.property(anyCalendarDate, fc.integer({ min: -1000, max: 1000 }), (date, days) => {
        const shifted = addCalendarDays(date, days);
        const expectedMs = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
        expect(shifted).toBe(new Date(expectedMs).toISOString().slice(0, 10));
        expect(calendarDaysBetween(date, shifted)).toBe(days);
        const parsable = shifted >= '1970-01-01' && shifted <= '2999-12-31';
        expect(parseCalendarDate(shifted).isOk()).toBe(parsable);
      }),
    );
  });

  it('composes shifts', () => {
    fc.assert(
      fc.property(anyCalendarDate, fc.nat(2000), fc.nat(2000), (date, first, second) => {
        expect(addCalendarDays(addCalendarDays(date, first), second)).toBe(
          addCalendarDays(date, first + second),
        );
      }),
    );
  });
});
