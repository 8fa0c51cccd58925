import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALERT_LEAD_TIME_MAX_MS,
  ALERT_LEAD_TIME_MIN_MS,
  ALERT_LEAD_TIMES_MAX,
  alertTimes,
  DEFAULT_ALERT_LEAD_TIMES_MS,
  parseAlertLeadTimes,
} from '../../src/deadlines/alert-times.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const deadline = new Date('2025-03-02T23:59:59Z');

describe('alertTimes', () => {
  it('alerts 7 days, 2 days and 24 hours before by default, earliest first', () => {
    const alerts = alertTimes(deadline, { now: new Date('2025-01-31T00:00:00Z') });
    expect(alerts.map((alert) => [alert.alertAt.toISOString(), alert.leadTimeMs])).toEqual([
      ['2025-02-23T23:59:59.000Z', 7 * DAY_MS],
      ['2025-02-28T23:59:59.000Z', 2 * DAY_MS],
      ['2025-03-01T23:59:59.000Z', DAY_MS],
    ]);
  });

  it('skips lead times already past when asked', () => {
    const alerts = alertTimes(deadline, { now: new Date('2025-02-27T00:00:00Z') });
    expect(alerts.map((alert) => alert.leadTimeMs)).toEqual([2 * DAY_MS, DAY_MS]);
  });

  it('keeps an alert due exactly now', () => {
    const alerts = alertTimes(deadline, { now: new Date('2025-03-01T23:59:59Z') });
    expect(alerts.map((alert) => alert.leadTimeMs)).toEqual([DAY_MS]);
  });

  it('gives nothing once the deadline has passed', () => {
    expect(alertTimes(deadline, { now: new Date('2025-03-03T00:00:00Z') })).toEqual([]);
  });

  it('uses configured lead times, once each, in time order', () => {
    const leadTimesMs = parseAlertLeadTimes([
      HOUR_MS,
      3 * DAY_MS,
      HOUR_MS,
      12 * HOUR_MS,
    ])._unsafeUnwrap();
    const alerts = alertTimes(deadline, { now: new Date('2025-01-01T00:00:00Z'), leadTimesMs });
    expect(alerts.map((alert) => alert.leadTimeMs)).toEqual([3 * DAY_MS, 12 * HOUR_MS, HOUR_MS]);
  });

  it('gives nothing for an empty list of lead times', () => {
    expect(
      alertTimes(deadline, { now: new Date('2025-01-01T00:00:00Z'), leadTimesMs: [] }),
    ).toEqual([]);
  });

  it('asserts on lead times that were not parsed', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(() => alertTimes(deadline, { now, leadTimesMs: [-DAY_MS] })).toThrow();
    expect(() => alertTimes(deadline, { now, leadTimesMs: Array(11).fill(DAY_MS) })).toThrow();
    expect(() => alertTimes(new Date(Number.NaN), { now })).toThrow();
  });

  it('never alerts before now or after the deadline, and never more than once per lead time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * DAY_MS }),
        fc.integer({ min: -400 * DAY_MS, max: 400 * DAY_MS }),
        fc.array(fc.integer({ min: ALERT_LEAD_TIME_MIN_MS, max: ALERT_LEAD_TIME_MAX_MS }), {
          maxLength: ALERT_LEAD_TIMES_MAX,
        }),
        (deadlineOffsetMs, nowOffsetMs, leadTimesMs) => {
          const base = Date.parse('2025-01-01T00:00:00Z');
          const due = new Date(base + deadlineOffsetMs);
          const now = new Date(base + nowOffsetMs);
          const alerts = alertTimes(due, { now, leadTimesMs });
          const expected = new Set(
            leadTimesMs.filter((lead) => due.getTime() - lead >= now.getTime()),
          );
          expect(alerts.map((alert) => alert.leadTimeMs).sort()).toEqual([...expected].sort());
          for (const alert of alerts) {
            expect(alert.alertAt.getTime()).toBeGreaterThanOrEqual(now.getTime());
            expect(alert.alertAt.getTime()).toBe(due.getTime() - alert.leadTimeMs);
          }
          const times = alerts.map((alert) => alert.alertAt.getTime());
          expect(times).toEqual([...times].sort((first, second) => first - second));
        },
      ),
    );
  });
});

describe('parseAlertLeadTimes', () => {
  it('accepts the defaults and up to the maximum count', () => {
    expect(parseAlertLeadTimes(DEFAULT_ALERT_LEAD_TIMES_MS)._unsafeUnwrap()).toEqual(
      DEFAULT_ALERT_LEAD_TIMES_MS,
    );
    expect(parseAlertLeadTimes(Array(ALERT_LEAD_TIMES_MAX).fill(DAY_MS)).isOk()).toBe(true);
  });

  it.each([
    ['not a list', DAY_MS, 'not_a_list'],
    ['null', null, 'not_a_list'],
    ['more than ten', Array(ALERT_LEAD_TIMES_MAX + 1).fill(DAY_MS), 'too_many'],
    ['a string entry', ['1d'], 'not_an_integer'],
    ['a fractional entry', [1.5 * HOUR_MS + 0.5], 'not_an_integer'],
    ['a NaN entry', [Number.NaN], 'not_an_integer'],
    ['zero', [0], 'out_of_range'],
    ['a negative entry', [-DAY_MS], 'out_of_range'],
    ['under a minute', [ALERT_LEAD_TIME_MIN_MS - 1], 'out_of_range'],
    ['over a year', [ALERT_LEAD_TIME_MAX_MS + 1], 'out_of_range'],
  ])('refuses %s', (_label, input, reason) => {
    expect(parseAlertLeadTimes(input)._unsafeUnwrapErr()).toEqual({
      type: 'disputes.alert_lead_times_invalid',
      reason,
    });
  });
});
