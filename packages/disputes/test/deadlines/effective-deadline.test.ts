import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../src/deadlines/calendar-date.js';
import { effectiveDeadline } from '../../src/deadlines/effective-deadline.js';
import {
  type ProviderDeadline,
  stripeDueByDeadline,
  UNIX_SECONDS_MAX,
} from '../../src/deadlines/provider-deadline.js';
import { type StageDeadline, stageDeadline } from '../../src/deadlines/stage-deadline.js';
import { entryOf } from '../catalogue/catalogue-fixture.js';
import { anyCalendarDate } from './date-fixture.js';

const visaResponse = stageDeadline(
  entryOf('visa', '13.1'),
  'dispute_response',
  calendarDate('2025-01-31'),
)._unsafeUnwrap();

describe('stripeDueByDeadline', () => {
  it('reads due_by = 0 as not defendable', () => {
    expect(stripeDueByDeadline(0)._unsafeUnwrap()).toEqual({ kind: 'not_defendable' });
  });

  it('reads any other due_by as the instant, in seconds', () => {
    expect(stripeDueByDeadline(1_740_873_599)._unsafeUnwrap()).toEqual({
      kind: 'due',
      dueAt: new Date('2025-03-01T23:59:59Z'),
    });
    expect(stripeDueByDeadline(UNIX_SECONDS_MAX).isOk()).toBe(true);
  });

  it.each([
    ['a string', '1740873599', 'not_an_integer'],
    ['null', null, 'not_an_integer'],
    ['a fraction', 1.5, 'not_an_integer'],
    ['NaN', Number.NaN, 'not_an_integer'],
    ['Infinity', Number.POSITIVE_INFINITY, 'not_an_integer'],
    ['a negative number', -1, 'out_of_range'],
    ['past year 9999', UNIX_SECONDS_MAX + 1, 'out_of_range'],
  ])('refuses %s', (_label, input, reason) => {
    expect(stripeDueByDeadline(input)._unsafeUnwrapErr()).toEqual({
      type: 'disputes.provider_deadline_invalid',
      reason,
    });
  });
});

describe('effectiveDeadline', () => {
  it('uses the network deadline when the provider gives none', () => {
    expect(effectiveDeadline({ network: visaResponse, provider: null })).toEqual({
      kind: 'due',
      dueAt: new Date('2025-03-02T23:59:59Z'),
      source: 'network',
      confirmed: true,
    });
  });

  it('keeps an unconfirmed network window unconfirmed', () => {
    const arbitration = stageDeadline(
      entryOf('visa', '10.4'),
      'arbitration',
      calendarDate('2025-01-31'),
    )._unsafeUnwrap();
    expect(effectiveDeadline({ network: arbitration, provider: null })).toMatchObject({
      confirmed: false,
    });
  });

  it('lets the provider deadline win, earlier or later', () => {
    for (const dueAt of [new Date('2025-02-14T23:59:59Z'), new Date('2025-04-01T00:00:00Z')]) {
      expect(
        effectiveDeadline({ network: visaResponse, provider: { kind: 'due', dueAt } }),
      ).toEqual({
        kind: 'due',
        dueAt,
        source: 'provider',
        confirmed: true,
      });
    }
  });

  it('reports a dispute the provider says cannot be defended (Stripe due_by = 0)', () => {
    const provider = stripeDueByDeadline(0)._unsafeUnwrap();
    expect(effectiveDeadline({ network: visaResponse, provider })).toEqual({
      kind: 'not_defendable',
      source: 'provider',
    });
    expect(effectiveDeadline({ network: null, provider })).toEqual({
      kind: 'not_defendable',
      source: 'provider',
    });
  });

  it('uses a provider deadline for a stage the network rules skip', () => {
    const dueAt = new Date('2025-02-01T12:00:00Z');
    expect(effectiveDeadline({ network: null, provider: { kind: 'due', dueAt } })).toMatchObject({
      kind: 'due',
      source: 'provider',
    });
  });

  it('says so when there is no deadline at all', () => {
    expect(effectiveDeadline({ network: null, provider: null })).toEqual({ kind: 'none' });
  });

  it('does not share the caller’s Date', () => {
    const dueAt = new Date('2025-02-01T12:00:00Z');
    const effective = effectiveDeadline({ network: null, provider: { kind: 'due', dueAt } });
    dueAt.setTime(0);
    expect(effective.kind === 'due' && effective.dueAt.toISOString()).toBe(
      '2025-02-01T12:00:00.000Z',
    );
  });

  it('asserts on an invalid provider Date', () => {
    expect(() =>
      effectiveDeadline({ network: null, provider: { kind: 'due', dueAt: new Date(Number.NaN) } }),
    ).toThrow();
  });

  it('always lets a provider deadline win over any network deadline', () => {
    const anyNetwork: fc.Arbitrary<StageDeadline | null> = fc.option(
      anyCalendarDate.map((startedOn) =>
        stageDeadline(entryOf('mastercard', '4853'), 'dispute_response', startedOn)._unsafeUnwrap(),
      ),
    );
    const anyProvider: fc.Arbitrary<ProviderDeadline> = fc.oneof(
      fc.constant<ProviderDeadline>({ kind: 'not_defendable' }),
      fc
        .integer({ min: 1, max: UNIX_SECONDS_MAX })
        .map((seconds) => stripeDueByDeadline(seconds)._unsafeUnwrap()),
    );
    fc.assert(
      fc.property(anyNetwork, anyProvider, (network, provider) => {
        const effective = effectiveDeadline({ network, provider });
        expect(effective.kind).toBe(provider.kind);
        if (effective.kind === 'none') throw new Error('a provider deadline was lost');
        expect(effective.source).toBe('provider');
        if (effective.kind === 'due' && provider.kind === 'due') {
          expect(effective.dueAt.getTime()).toBe(provider.dueAt.getTime());
        }
      }),
    );
  });
});
