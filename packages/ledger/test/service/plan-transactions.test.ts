import { describe, expect, it } from 'vitest';
import { chainsOf, isLinked, packUnits } from '../../src/service/plan-transactions.js';

describe('planning transactions', () => {
  it('finds linked chains: each ends at the first event not linked to the next, or the batch end', () => {
    expect(chainsOf([false, true, true, false, false, true])).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 4 },
      { start: 4, end: 5 },
      { start: 5, end: 6 },
    ]);
    expect(chainsOf([])).toEqual([]);
  });

  it('reads the link flag as the engine does, and survives hostile inputs', () => {
    expect(isLinked({ flags: { linked: true } })).toBe(true);
    expect(isLinked({ flags: { linked: 'yes' } })).toBe(false);
    expect(isLinked(null)).toBe(false);
    const hostile = {
      get flags(): never {
        throw new Error('boom');
      },
    };
    expect(isLinked(hostile)).toBe(false);
  });

  it('packs whole units greedily and reports a unit that fits no transaction', () => {
    const unit = (items: number) => ({ items, bytes: 1 });
    const packed = packUnits([unit(4), unit(4), unit(3), unit(9), unit(1)], {
      items: 10,
      bytes: 100,
    });
    expect(packed._unsafeUnwrap()).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 3 },
      { start: 3, end: 5 },
    ]);
    expect(packUnits([unit(4), unit(11)], { items: 10, bytes: 100 })._unsafeUnwrapErr()).toEqual({
      unit: 1,
    });
    expect(packUnits([unit(1), unit(1)], { items: 10, bytes: 1 })._unsafeUnwrap()).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
    ]);
  });
});
