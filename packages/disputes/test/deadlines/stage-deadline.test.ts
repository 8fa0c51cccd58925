import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NETWORK_STAGES } from '../../src/catalogue/network-stage.js';
import { REASON_CODES } from '../../src/catalogue/reason-code-catalogue.js';
import { calendarDate, calendarDaysBetween } from '../../src/deadlines/calendar-date.js';
import { stageDeadline } from '../../src/deadlines/stage-deadline.js';
import { entryOf } from '../catalogue/catalogue-fixture.js';
import { anyCalendarDate } from './date-fixture.js';

const day = calendarDate;

describe('stageDeadline', () => {
  it.each([
    ['visa', '13.1', 'dispute_response', '2025-01-31', '2025-03-02', 'merchant'],
    ['visa', '13.1', 'pre_arbitration', '2025-01-31', '2025-03-02', 'issuer'],
    ['visa', '13.1', 'pre_arbitration_response', '2028-02-29', '2028-03-30', 'merchant'],
    ['visa', '13.1', 'arbitration', '2028-02-25', '2028-03-06', 'issuer'],
    ['visa', '10.4', 'pre_arbitration', '2100-02-01', '2100-03-03', 'merchant'],
    ['visa', '10.4', 'arbitration', '2100-02-25', '2100-03-07', 'merchant'],
    ['mastercard', '4853', 'dispute_response', '2025-01-31', '2025-03-17', 'merchant'],
    ['mastercard', '4853', 'pre_arbitration_response', '2025-12-15', '2026-01-14', 'merchant'],
    ['amex', 'C08', 'dispute_response', '2025-02-20', '2025-03-12', 'merchant'],
    ['discover', '4755', 'dispute_response', '2028-02-01', '2028-03-02', 'merchant'],
  ] as const)(
    '%s %s %s from %s is due %s (%s acts)',
    (network, code, stage, startedOn, dueOn, actor) => {
      const deadline = stageDeadline(entryOf(network, code), stage, day(startedOn))._unsafeUnwrap();
      expect(deadline).toMatchObject({ stage, startedOn, dueOn, actor });
      expect(deadline.dueAt.toISOString()).toBe(`${dueOn}T23:59:59.000Z`);
    },
  );

  it('marks the Mastercard pre-arbitration response as auto-accepted when it lapses', () => {
    const deadline = stageDeadline(
      entryOf('mastercard', '4837'),
      'pre_arbitration_response',
      day('2025-01-01'),
    );
    expect(deadline._unsafeUnwrap()).toMatchObject({
      autoAccepted: true,
      confirmed: true,
      dueOn: '2025-01-31',
    });
  });

  it('marks unconfirmed windows', () => {
    const deadline = stageDeadline(entryOf('visa', '10.4'), 'arbitration', day('2025-01-01'));
    expect(deadline._unsafeUnwrap()).toMatchObject({ confirmed: false, autoAccepted: false });
  });

  it.each(['4808', '4870', '4871'])('refuses pre-arbitration stages for Mastercard %s', (code) => {
    for (const stage of ['pre_arbitration', 'pre_arbitration_response'] as const) {
      expect(
        stageDeadline(entryOf('mastercard', code), stage, day('2025-01-01'))._unsafeUnwrapErr(),
      ).toEqual({
        type: 'disputes.stage_not_applicable',
        stage,
      });
    }
    expect(
      stageDeadline(entryOf('mastercard', code), 'arbitration', day('2025-01-01')).isOk(),
    ).toBe(true);
  });

  it('is always the window’s days after the start, never before it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REASON_CODES),
        fc.constantFrom(...NETWORK_STAGES),
        anyCalendarDate,
        (entry, stage, startedOn) => {
          const window = entry.stages[stage];
          const deadline = stageDeadline(entry, stage, startedOn);
          if (window === null) {
            expect(deadline.isErr()).toBe(true);
            return;
          }
          const { dueOn, dueAt } = deadline._unsafeUnwrap();
          expect(calendarDaysBetween(startedOn, dueOn)).toBe(window.days);
          expect(dueAt.getTime()).toBeGreaterThan(Date.parse(`${startedOn}T00:00:00Z`));
        },
      ),
    );
  });
});
