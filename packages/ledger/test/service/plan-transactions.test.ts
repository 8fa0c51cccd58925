import { describe, expect, it } from 'vitest';
import { journalEvent } from '../../src/engine/ledger-event.js';
import {
  chainsOf,
  eventItems,
  inheritingPendingIds,
  isLinked,
  packUnits,
} from '../../src/service/plan-transactions.js';

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

  it('counts a post or void without postings by what it inherits, else by the most a journal has', () => {
    const voiding = journalEvent({ id: 'trf_1', pendingId: 'trf_0', flags: { voidPending: true } });
    const own = journalEvent({
      id: 'trf_2',
      code: 1,
      postings: [
        { accountId: 'acc_1', side: 'debit', amountMinor: 1n },
        { accountId: 'acc_2', side: 'credit', amountMinor: 1n },
      ],
    });
    expect(inheritingPendingIds([voiding, own, voiding])).toEqual(['trf_0']);
    // 7 fixed items, then a statement line and an account per posting (32 postings at most).
    expect(eventItems(voiding)).toBe(7 + 2 * 32);
    expect(eventItems(voiding, new Map([['trf_0', 3]]))).toBe(7 + 2 * 3);
    expect(eventItems(voiding, new Map([['trf_other', 3]]))).toBe(7 + 2 * 32);
    expect(eventItems(own, new Map([['trf_0', 3]]))).toBe(7 + 2 * 2);
  });
});
