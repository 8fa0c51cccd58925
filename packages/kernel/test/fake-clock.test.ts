import { describe, expect, it } from 'vitest';
import { AssertionFailure, type Clock, FakeClock, systemClock } from '../src/index.js';

describe('FakeClock', () => {
  it('starts at a fixed instant by default', () => {
    expect(new FakeClock().now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('starts where it is told', () => {
    const start = new Date('2030-06-15T12:34:56.789Z');
    expect(new FakeClock(start).now()).toEqual(start);
  });

  it('stands still until moved', () => {
    const clock = new FakeClock();
    expect(clock.now()).toEqual(clock.now());
  });

  it('advances by a duration in milliseconds', () => {
    const clock = new FakeClock();
    clock.advance(1500);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:01.500Z');
    clock.advance(0);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:01.500Z');
    clock.advance(24 * 60 * 60 * 1000);
    expect(clock.now().toISOString()).toBe('2026-01-02T00:00:01.500Z');
  });

  it('jumps to a later instant, or to the same one', () => {
    const clock = new FakeClock();
    const later = new Date('2027-01-01T00:00:00.000Z');
    clock.set(later);
    expect(clock.now()).toEqual(later);
    clock.set(later);
    expect(clock.now()).toEqual(later);
  });

  it('hands out copies, so a caller cannot move time by mutating a Date', () => {
    const clock = new FakeClock();
    const start = new Date('2026-01-01T00:00:00.000Z');
    const clockWithOwnStart = new FakeClock(start);
    clock.now().setFullYear(1999);
    start.setFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(clockWithOwnStart.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
    'treats advance(%s) as a bug',
    (duration) => {
      const clock = new FakeClock();
      expect(() => clock.advance(duration)).toThrow(AssertionFailure);
      expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    },
  );

  it('never goes backwards', () => {
    const clock = new FakeClock();
    expect(() => clock.set(new Date('2025-12-31T23:59:59.999Z'))).toThrow(AssertionFailure);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses an invalid start date', () => {
    expect(() => new FakeClock(new Date('not a date'))).toThrow(AssertionFailure);
  });

  it('is a Clock', () => {
    const clocks: Clock[] = [new FakeClock(), systemClock];
    for (const clock of clocks) expect(clock.now()).toBeInstanceOf(Date);
  });
});

describe('systemClock', () => {
  it('reads the host clock', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
