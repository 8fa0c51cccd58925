import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProviderNotification } from '../../src/providers/provider-notification.js';
import { merchantBalanceChangeMinor, typesOf } from '../lifecycle/dispute-fixtures.js';
import {
  ADYEN_BODIES,
  adyenNotification,
  disputeOf,
  type NotifiedStream,
  notify,
  STRIPE_EVENTS,
  stripeNotification,
  withField,
} from './provider-test-fixtures.js';

const stripe = {
  created: stripeNotification(STRIPE_EVENTS.createdNeedsResponse),
  fundsWithdrawn: stripeNotification(STRIPE_EVENTS.fundsWithdrawn),
  underReview: stripeNotification(STRIPE_EVENTS.updatedUnderReview),
  closedWon: stripeNotification(STRIPE_EVENTS.closedWon),
  fundsReinstated: stripeNotification(STRIPE_EVENTS.fundsReinstated),
  closedLost: stripeNotification(STRIPE_EVENTS.closedLost),
  inquiryCreated: stripeNotification(STRIPE_EVENTS.inquiryCreated),
  inquiryUnderReview: stripeNotification(STRIPE_EVENTS.inquiryUnderReview),
  inquiryClosed: stripeNotification(STRIPE_EVENTS.inquiryClosed),
  prevented: stripeNotification(STRIPE_EVENTS.prevented),
  notDefendable: stripeNotification(STRIPE_EVENTS.createdNotDefendable),
};

const adyen = {
  requestForInformation: adyenNotification(ADYEN_BODIES.requestForInformation),
  notificationOfChargeback: adyenNotification(ADYEN_BODIES.notificationOfChargeback),
  chargeback: adyenNotification(ADYEN_BODIES.chargeback),
  informationSupplied: adyenNotification(ADYEN_BODIES.informationSupplied),
  chargebackReversed: adyenNotification(ADYEN_BODIES.chargebackReversed),
  secondChargeback: adyenNotification(ADYEN_BODIES.secondChargeback),
  preArbitrationLost: adyenNotification(ADYEN_BODIES.preArbitrationLost),
  arbitrationChargeback: adyenNotification(ADYEN_BODIES.schemeArbitrationChargeback),
  arbitrationInformationSupplied: adyenNotification(
    ADYEN_BODIES.schemeArbitrationInformationSupplied,
  ),
  arbitrationChargebackReversed: adyenNotification(
    ADYEN_BODIES.schemeArbitrationChargebackReversed,
  ),
  schemeArbitration: adyenNotification(ADYEN_BODIES.schemeArbitration),
  schemeArbitrationWon: adyenNotification(ADYEN_BODIES.schemeArbitrationWon),
  schemeArbitrationLost: adyenNotification(ADYEN_BODIES.schemeArbitrationLost),
  preArbitrationOpen: adyenNotification(ADYEN_BODIES.preArbitrationOpen),
  preArbitrationWon: adyenNotification(ADYEN_BODIES.preArbitrationWon),
  defensePeriodEnded: adyenNotification(ADYEN_BODIES.defensePeriodEnded),
  notificationOfFraud: adyenNotification(ADYEN_BODIES.notificationOfFraud),
};

// Every notification is applied without a refusal in these flows.
function run(
  notifications: readonly ProviderNotification[],
  start?: NotifiedStream,
): NotifiedStream {
  const stream = notify(notifications, start);
  expect(stream.refusals).toStrictEqual([]);
  return stream;
}

describe('Stripe flows through the state machine', () => {
  it('a chargeback won: debited once, reinstated once, won', () => {
    const opened = run([stripe.created, stripe.fundsWithdrawn]);
    expect(disputeOf(opened)).toMatchObject({
      status: 'chargeback_needs_response',
      fundsWithdrawn: true,
      deadline: { kind: 'due', dueAt: '2025-04-03T23:59:59.000Z', source: 'provider' },
    });
    const reviewed = run([stripe.underReview], opened);
    expect(disputeOf(reviewed)).toMatchObject({
      status: 'chargeback_under_review',
      submissionCount: 1,
    });
    const won = run([stripe.closedWon, stripe.fundsReinstated], reviewed);
    expect(disputeOf(won)).toMatchObject({
      status: 'won',
      fundsWithdrawn: false,
      stage: 'chargeback',
    });
    expect(typesOf(won.events)).toStrictEqual([
      'dispute.chargeback_opened',
      'dispute.funds_withdrawn',
      'dispute.evidence_submitted',
      'dispute.issuer_decision_recorded',
      'dispute.funds_reinstated',
    ]);
    expect(merchantBalanceChangeMinor(won.events)).toBe(0n);
  });

  it('a chargeback lost after a submission: ruled, the debit written off', () => {
    const lost = run([
      stripe.created,
      stripe.fundsWithdrawn,
      stripe.underReview,
      stripe.closedLost,
    ]);
    expect(disputeOf(lost)).toMatchObject({
      status: 'lost',
      lostReason: 'ruled',
      fundsWithdrawn: true,
    });
    expect(typesOf(lost.events).slice(-2)).toStrictEqual([
      'dispute.issuer_decision_recorded',
      'dispute.written_off',
    ]);
    expect(merchantBalanceChangeMinor(lost.events)).toBe(-4999n);
  });

  it('an inquiry answered and closed: no money moves', () => {
    const closed = run([stripe.inquiryCreated, stripe.inquiryUnderReview, stripe.inquiryClosed]);
    expect(disputeOf(closed)).toMatchObject({
      status: 'inquiry_closed',
      stage: 'inquiry',
      reasonCode: '10',
      fundsWithdrawn: false,
    });
    expect(typesOf(closed.events)).toStrictEqual([
      'dispute.inquiry_opened',
      'dispute.evidence_submitted',
      'dispute.inquiry_closed',
    ]);
  });

  it('a prevention ends before it starts', () => {
    expect(disputeOf(run([stripe.prevented]))).toMatchObject({
      status: 'prevented',
      stage: 'pre_dispute',
      fundsWithdrawn: false,
    });
  });

  it('a dispute with due_by 0 cannot be answered', () => {
    expect(disputeOf(run([stripe.notDefendable])).deadline).toStrictEqual({
      kind: 'not_defendable',
    });
  });

  it('a money event already carrying the outcome applies from an earlier state, unrefused', () => {
    // The final word rides on the last command only: the money command must not need it.
    const won = run([stripe.created, stripe.fundsReinstated]);
    expect(disputeOf(won)).toMatchObject({ status: 'won', fundsWithdrawn: false });
    const lostWithdrawal = stripeNotification(
      withField(STRIPE_EVENTS.closedLost, ['type'], 'charge.dispute.funds_withdrawn'),
    );
    const lost = run([stripe.inquiryCreated, lostWithdrawal]);
    expect(disputeOf(lost)).toMatchObject({
      status: 'lost',
      stage: 'chargeback',
      fundsWithdrawn: true,
    });
  });

  it('a dispute first heard of when it is closed is opened and settled at once', () => {
    const lost = run([stripe.closedLost]);
    expect(disputeOf(lost)).toMatchObject({ status: 'lost', fundsWithdrawn: true });
    expect(merchantBalanceChangeMinor(lost.events)).toBe(-4999n);
  });
});

describe('Adyen flows through the state machine', () => {
  it('RFI, chargeback, defense, reversal, second chargeback, pre-arbitration lost', () => {
    const inquiry = run([adyen.requestForInformation]);
    expect(disputeOf(inquiry)).toMatchObject({
      status: 'inquiry_needs_response',
      fundsWithdrawn: false,
    });
    const charged = run([adyen.notificationOfChargeback, adyen.chargeback], inquiry);
    expect(disputeOf(charged)).toMatchObject({
      status: 'chargeback_needs_response',
      fundsWithdrawn: true,
      deadline: { kind: 'due', dueAt: '2025-03-31T12:05:12.000Z', source: 'provider' },
    });
    const reversed = run([adyen.informationSupplied, adyen.chargebackReversed], charged);
    expect(disputeOf(reversed)).toMatchObject({
      status: 'chargeback_reversed_provisional',
      fundsWithdrawn: false,
    });
    const preArbitration = run([adyen.secondChargeback], reversed);
    expect(disputeOf(preArbitration)).toMatchObject({
      status: 'prearb_needs_response',
      stage: 'pre_arbitration',
      fundsWithdrawn: true,
      deadline: { kind: 'due', dueAt: '2025-05-23T14:20:00.000Z', source: 'provider' },
    });
    const lost = run([adyen.preArbitrationLost], preArbitration);
    expect(disputeOf(lost)).toMatchObject({
      status: 'lost',
      lostReason: 'ruled',
      fundsWithdrawn: true,
    });
    expect(
      typesOf(lost.events).filter(
        (type) => type.startsWith('dispute.funds') || type === 'dispute.written_off',
      ),
    ).toStrictEqual([
      'dispute.funds_withdrawn',
      'dispute.funds_reinstated',
      'dispute.funds_withdrawn',
      'dispute.written_off',
    ]);
    expect(merchantBalanceChangeMinor(lost.events)).toBe(-12500n);
  });

  it('a Mastercard 4808 chargeback that goes straight to scheme arbitration and is won', () => {
    const won = run([
      adyen.arbitrationChargeback,
      adyen.arbitrationInformationSupplied,
      adyen.arbitrationChargebackReversed,
      adyen.schemeArbitration,
      adyen.schemeArbitrationWon,
    ]);
    expect(disputeOf(won)).toMatchObject({
      status: 'won',
      stage: 'arbitration',
      fundsWithdrawn: false,
    });
    expect(typesOf(won.events).at(-1)).toBe('dispute.ruling_recorded');
    expect(merchantBalanceChangeMinor(won.events)).toBe(0n);
  });

  it('the same case lost at arbitration: the reversed funds are taken back and written off', () => {
    const lost = run([
      adyen.arbitrationChargeback,
      adyen.arbitrationInformationSupplied,
      adyen.arbitrationChargebackReversed,
      adyen.schemeArbitration,
      adyen.schemeArbitrationLost,
    ]);
    expect(disputeOf(lost)).toMatchObject({
      status: 'lost',
      lostReason: 'ruled',
      fundsWithdrawn: true,
    });
    expect(merchantBalanceChangeMinor(lost.events)).toBe(-8000n);
  });

  it('a pre-arbitration first heard of, then won', () => {
    const opened = run([adyen.preArbitrationOpen]);
    expect(disputeOf(opened)).toMatchObject({
      status: 'prearb_needs_response',
      fundsWithdrawn: false,
    });
    const won = run([adyen.preArbitrationWon], opened);
    expect(disputeOf(won)).toMatchObject({
      status: 'won',
      stage: 'pre_arbitration',
      fundsWithdrawn: false,
    });
    expect(merchantBalanceChangeMinor(won.events)).toBe(0n);
  });

  it('an undefended chargeback whose defense period ended is lost by expiry', () => {
    const lost = run([adyen.defensePeriodEnded]);
    expect(disputeOf(lost)).toMatchObject({
      status: 'lost',
      lostReason: 'expired',
      fundsWithdrawn: true,
    });
    expect(merchantBalanceChangeMinor(lost.events)).toBe(-3999n);
  });

  it('a fraud notification opens no dispute', () => {
    expect(run([adyen.notificationOfFraud]).state).toBeNull();
  });

  it('an informational notice changes nothing on an existing dispute', () => {
    const charged = run([adyen.chargeback]);
    const commented = run(
      [{ ...adyen.notificationOfFraud, providerDisputeId: adyen.chargeback.providerDisputeId }],
      charged,
    );
    expect(commented.events).toStrictEqual(charged.events);
  });
});

// The end of a dispute: what a different order of the same notices must not change.
function outcomeOf(stream: NotifiedStream) {
  const dispute = disputeOf(stream);
  return {
    status: dispute.status,
    lostReason: dispute.lostReason,
    stage: dispute.stage,
    reasonCode: dispute.reasonCode,
    deadline: dispute.deadline,
    fundsWithdrawn: dispute.fundsWithdrawn,
    balanceChangeMinor: merchantBalanceChangeMinor(stream.events),
  };
}

describe('order and duplicates do not change the outcome', () => {
  it.each<[string, readonly ProviderNotification[], ProviderNotification]>([
    [
      'Stripe won',
      [stripe.created, stripe.fundsWithdrawn, stripe.underReview, stripe.fundsReinstated],
      stripe.closedWon,
    ],
    ['Stripe lost', [stripe.created, stripe.fundsWithdrawn, stripe.underReview], stripe.closedLost],
    [
      'Stripe inquiry closed',
      [stripe.inquiryCreated, stripe.inquiryUnderReview],
      stripe.inquiryClosed,
    ],
    [
      'Adyen reversal, second chargeback, pre-arbitration lost',
      [
        adyen.requestForInformation,
        adyen.notificationOfChargeback,
        adyen.chargeback,
        adyen.informationSupplied,
        adyen.chargebackReversed,
        adyen.secondChargeback,
      ],
      adyen.preArbitrationLost,
    ],
    [
      'Adyen scheme arbitration won',
      [
        adyen.arbitrationChargeback,
        adyen.arbitrationInformationSupplied,
        adyen.arbitrationChargebackReversed,
        adyen.schemeArbitration,
      ],
      adyen.schemeArbitrationWon,
    ],
  ])('%s, in any order, with redeliveries, when the last notice is final', (_, earlier, last) => {
    const expected = outcomeOf(run([...earlier, last]));
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...earlier), { maxLength: 4 }).chain((redeliveries) => {
          const all = [...earlier, ...redeliveries];
          return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
        }),
        fc.boolean(),
        (shuffled, redeliverLast) => {
          const stream = run([...shuffled, last, ...(redeliverLast ? [last] : [])]);
          expect(outcomeOf(stream)).toStrictEqual(expected);
        },
      ),
    );
  });
});
