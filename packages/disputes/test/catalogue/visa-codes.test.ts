import { describe, expect, it } from 'vitest';
import type { IssuerAnchor } from '../../src/catalogue/issuer-filing-rule.js';
import { lookupReasonCode } from '../../src/catalogue/reason-code-catalogue.js';
import { VISA_REASON_CODES } from '../../src/catalogue/visa-reason-codes.js';
import { calendarDate } from '../../src/deadlines/calendar-date.js';
import { issuerFilingDeadline } from '../../src/deadlines/issuer-filing-deadline.js';
import { entryOf } from './catalogue-fixture.js';

const TPD: IssuerAnchor[] = ['transaction_date'];
const TPD_OR_DELIVERY: IssuerAnchor[] = ['transaction_date', 'expected_delivery_date'];

// Every Visa code of reference §1: [code, category, flow, days, anchors, cap, wait, confirmed,
// last filing day for a transaction on 2025-01-31 with no other date known].
const VISA_TABLE = [
  ['10.1', 'fraud', 'allocation', 120, TPD, null, null, true, '2025-05-31'],
  ['10.2', 'fraud', 'allocation', 120, TPD, null, null, true, '2025-05-31'],
  ['10.3', 'fraud', 'allocation', 120, TPD, null, null, true, '2025-05-31'],
  ['10.4', 'fraud', 'allocation', 120, TPD, null, null, true, '2025-05-31'],
  ['10.5', 'fraud', 'allocation', 120, TPD, null, null, true, '2025-05-31'],
  ['11.1', 'authorization', 'allocation', 75, TPD, null, null, true, '2025-04-16'],
  ['11.2', 'authorization', 'allocation', 75, TPD, null, null, true, '2025-04-16'],
  ['11.3', 'authorization', 'allocation', 75, TPD, null, null, true, '2025-04-16'],
  ['12.1', 'processing_error', 'collaboration', 120, TPD, null, null, true, '2025-05-31'],
  ['12.2', 'processing_error', 'collaboration', 120, TPD, null, null, true, '2025-05-31'],
  ['12.3', 'processing_error', 'collaboration', 120, TPD, null, null, true, '2025-05-31'],
  ['12.4', 'processing_error', 'collaboration', 120, TPD, null, null, true, '2025-05-31'],
  ['12.5', 'processing_error', 'collaboration', 120, TPD, null, null, true, '2025-05-31'],
  ['12.6.1', 'processing_error', 'collaboration', 120, TPD, null, null, true, '2025-05-31'],
  ['12.6.2', 'processing_error', 'collaboration', 120, TPD, null, null, true, '2025-05-31'],
  ['12.7', 'processing_error', 'collaboration', 75, TPD, null, null, true, '2025-04-16'],
  [
    '13.1',
    'consumer_dispute',
    'collaboration',
    120,
    TPD_OR_DELIVERY,
    540,
    { days: 15, from: 'transaction_date', onlyWithout: 'expected_delivery_date' },
    true,
    '2025-05-31',
  ],
  ['13.2', 'consumer_dispute', 'collaboration', 120, TPD, null, null, true, '2025-05-31'],
  [
    '13.3',
    'consumer_dispute',
    'collaboration',
    120,
    TPD_OR_DELIVERY,
    540,
    null,
    false,
    '2025-05-31',
  ],
  [
    '13.4',
    'consumer_dispute',
    'collaboration',
    120,
    TPD_OR_DELIVERY,
    540,
    null,
    false,
    '2025-05-31',
  ],
  [
    '13.5',
    'consumer_dispute',
    'collaboration',
    120,
    TPD_OR_DELIVERY,
    540,
    null,
    false,
    '2025-05-31',
  ],
  [
    '13.6',
    'consumer_dispute',
    'collaboration',
    120,
    ['transaction_date', 'credit_receipt_date'],
    540,
    { days: 15, from: 'credit_receipt_date', onlyWithout: null },
    true,
    '2025-05-31',
  ],
  [
    '13.7',
    'consumer_dispute',
    'collaboration',
    120,
    TPD_OR_DELIVERY,
    540,
    { days: 15, from: 'return_date', onlyWithout: null },
    true,
    '2025-05-31',
  ],
  ['13.8', 'consumer_dispute', 'collaboration', 120, TPD, null, null, true, '2025-05-31'],
  ['13.9', 'consumer_dispute', 'collaboration', 120, TPD, null, null, false, '2025-05-31'],
] as const;

describe('Visa VCR catalogue', () => {
  it('lists exactly the codes of the reference table', () => {
    expect(VISA_REASON_CODES.map((entry) => entry.code)).toEqual(VISA_TABLE.map((row) => row[0]));
  });

  it.each(VISA_TABLE)(
    '%s: %s, %s flow, %i days',
    (code, category, flow, days, anchors, capDays, waitingPeriod, confirmed, lastDay) => {
      const match = lookupReasonCode('visa', code);
      expect(match.isOk() && match.value.resolution).toBe('known');
      const entry = entryOf('visa', code);
      expect(entry).toMatchObject({ network: 'visa', code, category, visaFlow: flow });
      expect(entry.issuerFiling).toEqual({
        days,
        anchors,
        counting: 'day_after_anchor',
        capDays,
        capAppliesFrom: code === '13.6' ? '2021-10-16' : null,
        waitingPeriod,
        confirmed,
        overridden: false,
      });
      expect(entry.stages.dispute_response).toMatchObject({ days: 30, actor: 'merchant' });
      expect(entry.skipsPreArbitration).toBe(false);
      const deadline = issuerFilingDeadline(entry, { transactionDate: calendarDate('2025-01-31') });
      expect(deadline.closesOn).toBe(lastDay);
    },
  );

  it('has the issuer start pre-arbitration in Collaboration and the merchant in Allocation', () => {
    expect(entryOf('visa', '13.1').stages).toMatchObject({
      pre_arbitration: { days: 30, actor: 'issuer' },
      pre_arbitration_response: { days: 30, actor: 'merchant' },
      arbitration: { days: 10, actor: 'issuer', confirmed: false },
    });
    expect(entryOf('visa', '10.4').stages).toMatchObject({
      pre_arbitration: { days: 30, actor: 'merchant' },
      pre_arbitration_response: { days: 30, actor: 'issuer' },
      arbitration: { days: 10, actor: 'merchant', confirmed: false },
    });
  });

  it('names the 12.6 sub-codes after Stripe', () => {
    expect(entryOf('visa', '12.6.1').name).toBe('Duplicate Processing');
    expect(entryOf('visa', '12.6.2').name).toBe('Paid by Other Means');
  });
});
