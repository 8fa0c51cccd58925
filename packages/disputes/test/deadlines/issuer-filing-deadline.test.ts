import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReasonCode } from '../../src/catalogue/reason-code.js';
import {
  createReasonCodeCatalogue,
  REASON_CODES,
} from '../../src/catalogue/reason-code-catalogue.js';
import {
  addCalendarDays,
  calendarDate,
  calendarDaysBetween,
} from '../../src/deadlines/calendar-date.js';
import type { DisputeDates } from '../../src/deadlines/dispute-dates.js';
import { issuerFilingDeadline } from '../../src/deadlines/issuer-filing-deadline.js';
import { entryOf } from '../catalogue/catalogue-fixture.js';
import { anyCalendarDate } from './date-fixture.js';

const day = calendarDate;

describe('issuerFilingDeadline, fixed dates', () => {
  it('counts Visa days from the day after the TPD', () => {
    expect(
      issuerFilingDeadline(entryOf('visa', '10.4'), { transactionDate: day('2025-01-01') }),
    ).toEqual({
      opensOn: null,
      closesOn: '2025-05-01',
      anchor: 'transaction_date',
      anchorDate: '2025-01-01',
      capped: false,
      confirmed: true,
    });
    expect(
      issuerFilingDeadline(entryOf('visa', '11.2'), { transactionDate: day('2028-01-15') })
        .closesOn,
    ).toBe('2028-03-30');
  });

  it('counts Mastercard days with the CSBD as day 1', () => {
    const deadline = issuerFilingDeadline(entryOf('mastercard', '4834'), {
      transactionDate: day('2025-01-01'),
    });
    expect(deadline.closesOn).toBe('2025-03-31');
    expect(calendarDaysBetween(day('2025-01-01'), deadline.closesOn)).toBe(89);
  });

  it('13.1: counts from the expected delivery date when it is later, with no wait', () => {
    const deadline = issuerFilingDeadline(entryOf('visa', '13.1'), {
      transactionDate: day('2025-01-10'),
      expectedDeliveryDate: day('2025-03-01'),
    });
    expect(deadline).toMatchObject({
      opensOn: null,
      closesOn: '2025-06-29',
      anchor: 'expected_delivery_date',
      anchorDate: '2025-03-01',
      capped: false,
    });
  });

  it('13.1: waits 15 days from the TPD when no delivery date was specified', () => {
    const deadline = issuerFilingDeadline(entryOf('visa', '13.1'), {
      transactionDate: day('2025-01-10'),
    });
    expect(deadline).toMatchObject({
      opensOn: '2025-01-25',
      closesOn: '2025-05-10',
      anchor: 'transaction_date',
    });
  });

  it('13.1: keeps the TPD when the delivery date is earlier', () => {
    const deadline = issuerFilingDeadline(entryOf('visa', '13.1'), {
      transactionDate: day('2025-01-10'),
      expectedDeliveryDate: day('2025-01-05'),
    });
    expect(deadline).toMatchObject({
      anchor: 'transaction_date',
      closesOn: '2025-05-10',
      opensOn: null,
    });
  });

  it('13.1: caps the window at 540 days from the TPD across a leap year', () => {
    const deadline = issuerFilingDeadline(entryOf('visa', '13.1'), {
      transactionDate: day('2024-01-01'),
      expectedDeliveryDate: day('2025-06-01'),
    });
    expect(deadline).toMatchObject({
      closesOn: '2025-06-24',
      capped: true,
      anchor: 'expected_delivery_date',
    });
  });

  it('13.6: waits 15 days from the credit receipt and counts from it', () => {
    const deadline = issuerFilingDeadline(entryOf('visa', '13.6'), {
      transactionDate: day('2025-01-31'),
      creditReceiptDate: day('2025-02-14'),
    });
    expect(deadline).toMatchObject({
      opensOn: '2025-03-01',
      closesOn: '2025-06-14',
      anchor: 'credit_receipt_date',
      capped: false,
    });
  });

  it('13.6: applies the 540-day cap only to disputes opened on or after 2021-10-16', () => {
    const dates: DisputeDates = {
      transactionDate: day('2020-01-01'),
      creditReceiptDate: day('2021-08-01'),
    };
    const entry = entryOf('visa', '13.6');
    expect(
      issuerFilingDeadline(entry, { ...dates, disputeOpenedDate: day('2021-10-15') }),
    ).toMatchObject({
      closesOn: '2021-11-29',
      capped: false,
      opensOn: '2021-08-16',
    });
    expect(
      issuerFilingDeadline(entry, { ...dates, disputeOpenedDate: day('2021-10-16') }),
    ).toMatchObject({
      closesOn: '2021-06-24',
      capped: true,
    });
    expect(issuerFilingDeadline(entry, dates)).toMatchObject({
      closesOn: '2021-06-24',
      capped: true,
    });
  });

  it('13.7: waits 15 days from the return date', () => {
    const deadline = issuerFilingDeadline(entryOf('visa', '13.7'), {
      transactionDate: day('2025-01-31'),
      returnDate: day('2025-02-10'),
      expectedDeliveryDate: day('2025-02-03'),
    });
    expect(deadline).toMatchObject({
      opensOn: '2025-02-25',
      closesOn: '2025-06-03',
      anchor: 'expected_delivery_date',
    });
  });

  it('13.7: applies no wait when the return date is unknown', () => {
    expect(
      issuerFilingDeadline(entryOf('visa', '13.7'), { transactionDate: day('2025-01-31') }).opensOn,
    ).toBeNull();
  });

  it('4853: counts from the expected delivery date with day 1 counting and a 539-day cap', () => {
    const entry = entryOf('mastercard', '4853');
    expect(
      issuerFilingDeadline(entry, {
        transactionDate: day('2024-01-01'),
        expectedDeliveryDate: day('2025-06-01'),
      }),
    ).toMatchObject({ closesOn: '2025-06-23', capped: true, confirmed: false });
    expect(
      issuerFilingDeadline(entry, {
        transactionDate: day('2025-01-01'),
        expectedDeliveryDate: day('2025-02-01'),
      }),
    ).toMatchObject({ closesOn: '2025-05-31', capped: false, anchor: 'expected_delivery_date' });
  });

  it('ignores dates the rule does not count from', () => {
    const deadline = issuerFilingDeadline(entryOf('visa', '10.4'), {
      transactionDate: day('2025-01-01'),
      expectedDeliveryDate: day('2025-06-01'),
      returnDate: day('2025-07-01'),
    });
    expect(deadline).toMatchObject({
      anchor: 'transaction_date',
      closesOn: '2025-05-01',
      opensOn: null,
    });
  });

  it('uses overridden days', () => {
    const catalogue = createReasonCodeCatalogue({
      overrides: [{ network: 'visa', code: '10.4', issuerFilingDays: 60 }],
    })._unsafeUnwrap();
    const entry = catalogue.lookup('visa', '10.4')._unsafeUnwrap().entry;
    expect(issuerFilingDeadline(entry, { transactionDate: day('2025-01-01') })).toMatchObject({
      closesOn: '2025-03-02',
      confirmed: true,
    });
  });
});

const anyEntry = fc.constantFrom<ReasonCode>(
  ...REASON_CODES,
  entryOf('visa', '12.8'),
  entryOf('jcb', 'X1'),
  entryOf('mastercard', '4899'),
);

const anyDates: fc.Arbitrary<DisputeDates> = fc
  .record(
    {
      transactionDate: anyCalendarDate,
      disputeOpenedDate: anyCalendarDate,
      expectedDeliveryDate: anyCalendarDate,
      creditReceiptDate: anyCalendarDate,
      returnDate: anyCalendarDate,
    },
    { requiredKeys: ['transactionDate'] },
  )
  .map((dates) => dates as DisputeDates);

describe('issuerFilingDeadline, properties', () => {
  it('never closes before its anchor plus the window, unless the cap cut it short', () => {
    fc.assert(
      fc.property(anyEntry, anyDates, (entry, dates) => {
        const deadline = issuerFilingDeadline(entry, dates);
        const rule = entry.issuerFiling;
        const windowDays = rule.counting === 'anchor_day' ? rule.days - 1 : rule.days;
        expect(deadline.anchorDate >= dates.transactionDate).toBe(true);
        expect(deadline.closesOn > dates.transactionDate).toBe(true);
        if (deadline.capped) {
          expect(deadline.closesOn < addCalendarDays(deadline.anchorDate, windowDays)).toBe(true);
        } else {
          expect(deadline.closesOn).toBe(addCalendarDays(deadline.anchorDate, windowDays));
        }
        // The cap is at least the window, so even a capped deadline is no earlier than TPD + days.
        expect(deadline.closesOn >= addCalendarDays(dates.transactionDate, windowDays)).toBe(true);
      }),
    );
  });

  it('always respects the cap where it applies', () => {
    fc.assert(
      fc.property(anyEntry, anyDates, (entry, dates) => {
        const rule = entry.issuerFiling;
        const deadline = issuerFilingDeadline(entry, dates);
        if (rule.capDays === null) {
          expect(deadline.capped).toBe(false);
          return;
        }
        const applies =
          rule.capAppliesFrom === null ||
          dates.disputeOpenedDate === undefined ||
          dates.disputeOpenedDate >= rule.capAppliesFrom;
        const capDays = rule.counting === 'anchor_day' ? rule.capDays - 1 : rule.capDays;
        const span = calendarDaysBetween(dates.transactionDate, deadline.closesOn);
        if (applies) expect(span).toBeLessThanOrEqual(capDays);
        else expect(deadline.capped).toBe(false);
      }),
    );
  });

  it('picks the latest anchor the rule counts from', () => {
    fc.assert(
      fc.property(anyEntry, anyDates, (entry, dates) => {
        const deadline = issuerFilingDeadline(entry, dates);
        expect(entry.issuerFiling.anchors).toContain(deadline.anchor);
        const candidates = [
          dates.transactionDate,
          ...(entry.issuerFiling.anchors.includes('expected_delivery_date') &&
          dates.expectedDeliveryDate
            ? [dates.expectedDeliveryDate]
            : []),
          ...(entry.issuerFiling.anchors.includes('credit_receipt_date') && dates.creditReceiptDate
            ? [dates.creditReceiptDate]
            : []),
        ];
        expect(deadline.anchorDate).toBe(candidates.sort().at(-1));
      }),
    );
  });
});
