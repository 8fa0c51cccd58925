import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/cache/bounded-cache.js';
import { FakeClock } from '../../src/clock/fake-clock.js';

describe('BoundedCache', () => {
  it('serves an entry until it is maxAgeMs old', () => {
    const clock = new FakeClock();
    const cache = new BoundedCache<string>({ maxAgeMs: 60_000, maxEntries: 10 }, clock);
    cache.set('acme', 'key one');
    clock.advance(59_999);
    expect(cache.get('acme')).toBe('key one');
    clock.advance(1);
    expect(cache.get('acme')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new BoundedCache<number>({ maxAgeMs: 60_000, maxEntries: 2 }, new FakeClock());
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  it('forgets an entry on delete, and holds nothing when either limit is zero', () => {
    const clock = new FakeClock();
    const cache = new BoundedCache<number>({ maxAgeMs: 60_000, maxEntries: 2 }, clock);
    cache.set('a', 1);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    for (const limits of [
      { maxAgeMs: 0, maxEntries: 2 },
      { maxAgeMs: 60_000, maxEntries: 0 },
    ]) {
      const disabled = new BoundedCache<number>(limits, clock);
      disabled.set('a', 1);
      expect(disabled.get('a')).toBeUndefined();
    }
  });

  it('refuses limits that are not non-negative integers', () => {
    const clock = new FakeClock();
    expect(() => new BoundedCache({ maxAgeMs: -1, maxEntries: 1 }, clock)).toThrow('maxAgeMs');
    expect(() => new BoundedCache({ maxAgeMs: 1, maxEntries: 1.5 }, clock)).toThrow('maxEntries');
  });
});
