import { describe, expect, it } from 'vitest';
import type { ResponseDeadline } from '../../src/lifecycle/dispute-data.js';
import { parseStripeDisputeEvent } from '../../src/providers/parse-stripe-dispute-event.js';
import type {
  ProviderNotification,
  ProviderOpening,
} from '../../src/providers/provider-notification.js';
import { STRIPE_EVENTS, stripeNotification, withField } from './provider-test-fixtures.js';

const DUE: ResponseDeadline = {
  kind: 'due',
  dueAt: '2025-04-03T23:59:59.000Z',
  source: 'provider',
};

// The Visa 13.1 chargeback of 49.99 USD the chargeback fixtures share.
const CHARGEBACK_OPENING: ProviderOpening = {
  network: 'visa',
  reasonCode: '13.1',
  amount: { amountMinor: '4999', currency: 'USD' },
  transactionDate: '2025-03-14',
  deadline: DUE,
  paymentReference: 'ch_3QxVisa131Charge',
  startsAs: 'chargeback',
  withdrawsFunds: false,
};

const chargeback = (
  notificationId: string,
  occurredAt: string,
  rest: Pick<ProviderNotification, 'commands'> & Partial<ProviderNotification>,
): ProviderNotification => ({
  provider: 'stripe',
  providerDisputeId: 'dp_1QxVisa131Dispute',
  notificationId,
  occurredAt,
  opening: CHARGEBACK_OPENING,
  ...rest,
});

const ESCALATE = {
  type: 'escalate_inquiry',
  withdrawsFunds: false,
  reasonCode: '13.1',
  deadline: DUE,
} as const;

describe('Stripe dispute events map to notifications', () => {
  it('created, needs_response (Visa 13.1): a chargeback with the provider deadline, no debit yet', () => {
    expect(stripeNotification(STRIPE_EVENTS.createdNeedsResponse)).toStrictEqual(
      chargeback('evt_1QxDisputeCreated001', '2025-03-14T09:30:02.000Z', { commands: [ESCALATE] }),
    );
  });

  it('funds_withdrawn: the debit, on the opening and as a command', () => {
    expect(stripeNotification(STRIPE_EVENTS.fundsWithdrawn)).toStrictEqual(
      chargeback('evt_1QxFundsWithdrawn001', '2025-03-14T09:30:03.000Z', {
        opening: { ...CHARGEBACK_OPENING, withdrawsFunds: true },
        commands: [ESCALATE, { type: 'withdraw_funds' }],
      }),
    );
  });

  it('updated, under_review: evidence submitted, after the escalation that pins the stage', () => {
    expect(stripeNotification(STRIPE_EVENTS.updatedUnderReview)).toStrictEqual(
      chargeback('evt_1QxDisputeUpdated001', '2025-03-20T11:00:00.000Z', {
        // The balance transactions show the debit, so a dispute first heard of here is debited.
        opening: { ...CHARGEBACK_OPENING, withdrawsFunds: true },
        commands: [ESCALATE, { type: 'submit_evidence', stage: 'chargeback' }],
      }),
    );
  });

  it('closed, won: the issuer accepted, final won; the reinstated debit is not withdrawn', () => {
    expect(stripeNotification(STRIPE_EVENTS.closedWon)).toStrictEqual(
      chargeback('evt_1QxDisputeClosedWon1', '2025-05-02T08:00:00.000Z', {
        commands: [{ type: 'record_issuer_decision', decision: 'accepted' }],
        final: 'won',
      }),
    );
  });

  it('funds_reinstated: the credit, then the win that carries the final word', () => {
    expect(stripeNotification(STRIPE_EVENTS.fundsReinstated)).toStrictEqual(
      chargeback('evt_1QxFundsReinstated01', '2025-05-02T08:00:01.000Z', {
        commands: [
          ESCALATE,
          { type: 'reinstate_funds' },
          { type: 'record_issuer_decision', decision: 'accepted' },
        ],
        final: 'won',
      }),
    );
  });

  it('closed, lost after a submission: the issuer rejected, final lost', () => {
    expect(stripeNotification(STRIPE_EVENTS.closedLost)).toStrictEqual(
      chargeback('evt_1QxDisputeClosedLost', '2025-05-02T08:00:00.000Z', {
        opening: { ...CHARGEBACK_OPENING, withdrawsFunds: true },
        commands: [{ type: 'record_issuer_decision', decision: 'rejected' }],
        final: 'lost',
      }),
    );
  });

  it.each([
    ['the deadline passed without a submission', true, { type: 'expire' }],
    ['the merchant closed it before the deadline', false, { type: 'accept' }],
  ] as const)('closed, lost, no submission, %s', (_, pastDue, command) => {
    const unanswered = withField(
      withField(
        STRIPE_EVENTS.closedLost,
        ['data', 'object', 'evidence_details', 'submission_count'],
        0,
      ),
      ['data', 'object', 'evidence_details', 'past_due'],
      pastDue,
    );
    expect(stripeNotification(unanswered)).toMatchObject({ commands: [command], final: 'lost' });
  });

  const INQUIRY_OPENING: ProviderOpening = {
    network: 'visa',
    // No network code on the inquiry: Stripe's reason `fraudulent` gives Visa's fraud category.
    reasonCode: '10',
    amount: { amountMinor: '2500', currency: 'USD' },
    transactionDate: '2025-02-10',
    deadline: { kind: 'due', dueAt: '2025-02-24T23:59:59.000Z', source: 'provider' },
    paymentReference: 'ch_3QxInquiryCharge001',
    startsAs: 'inquiry',
    withdrawsFunds: false,
  };
  const inquiry = (
    notificationId: string,
    occurredAt: string,
    commands: ProviderNotification['commands'],
  ): ProviderNotification => ({
    provider: 'stripe',
    providerDisputeId: 'dp_1QxInquiryFraud0001',
    notificationId,
    occurredAt,
    opening: INQUIRY_OPENING,
    commands,
  });

  it('an inquiry, warning_needs_response: opens as an inquiry, nothing to move', () => {
    expect(stripeNotification(STRIPE_EVENTS.inquiryCreated)).toStrictEqual(
      inquiry('evt_1QxInquiryCreated01', '2025-02-10T16:45:01.000Z', []),
    );
  });

  it('an inquiry, warning_under_review: the response was submitted', () => {
    expect(stripeNotification(STRIPE_EVENTS.inquiryUnderReview)).toStrictEqual(
      inquiry('evt_1QxInquiryUpdated01', '2025-02-15T10:00:00.000Z', [
        { type: 'submit_evidence', stage: 'inquiry' },
      ]),
    );
  });

  it('an inquiry, warning_closed: closes it, no final word (an inquiry is neither won nor lost)', () => {
    expect(stripeNotification(STRIPE_EVENTS.inquiryClosed)).toStrictEqual(
      inquiry('evt_1QxInquiryClosed001', '2025-03-01T07:30:00.000Z', [{ type: 'close_inquiry' }]),
    );
  });

  it('prevented: opens as a prevention, without deadline (due_by null) or commands', () => {
    expect(stripeNotification(STRIPE_EVENTS.prevented)).toStrictEqual({
      provider: 'stripe',
      providerDisputeId: 'dp_1QxPreventedRdr0001',
      notificationId: 'evt_1QxDisputePrevented',
      occurredAt: '2025-09-02T12:00:01.000Z',
      opening: {
        network: 'visa',
        reasonCode: '13.7',
        amount: { amountMinor: '1999', currency: 'USD' },
        transactionDate: '2025-09-02',
        paymentReference: 'ch_3QxPreventedCharge1',
        startsAs: 'prevented',
        withdrawsFunds: false,
      },
      commands: [],
    });
  });

  it('due_by = 0: not defendable, on the opening and on the escalation (Mastercard 4837, EUR)', () => {
    const notDefendable: ResponseDeadline = { kind: 'not_defendable' };
    expect(stripeNotification(STRIPE_EVENTS.createdNotDefendable)).toStrictEqual({
      provider: 'stripe',
      providerDisputeId: 'dp_1QxMastercardNoDef01',
      notificationId: 'evt_1QxNotDefendable001',
      occurredAt: '2025-03-05T08:15:01.000Z',
      opening: {
        network: 'mastercard',
        reasonCode: '4837',
        amount: { amountMinor: '15000', currency: 'EUR' },
        transactionDate: '2025-03-05',
        deadline: notDefendable,
        paymentReference: 'ch_3QxMastercardCharge',
        startsAs: 'chargeback',
        withdrawsFunds: false,
      },
      commands: [
        {
          type: 'escalate_inquiry',
          withdrawsFunds: false,
          reasonCode: '4837',
          deadline: notDefendable,
        },
      ],
    });
  });

  it('a lost dispute that was not defendable was ruled by the issuer', () => {
    const lost = withField(
      withField(
        STRIPE_EVENTS.closedLost,
        ['data', 'object', 'evidence_details', 'submission_count'],
        0,
      ),
      ['data', 'object', 'evidence_details', 'due_by'],
      0,
    );
    expect(stripeNotification(lost).commands).toStrictEqual([
      { type: 'record_issuer_decision', decision: 'rejected' },
    ]);
  });
});

describe('Stripe details', () => {
  it('takes the transaction date from an expanded charge', () => {
    const expanded = withField(STRIPE_EVENTS.createdNeedsResponse, ['data', 'object', 'charge'], {
      id: 'ch_3QxVisa131Charge',
      object: 'charge',
      // 2025-02-27T22:10:00Z: the day of the payment, two weeks before the dispute.
      created: 1_740_694_200,
    });
    expect(stripeNotification(expanded).opening).toMatchObject({
      paymentReference: 'ch_3QxVisa131Charge',
      transactionDate: '2025-02-27',
    });
  });

  it.each([
    ['mastercard', 'mastercard'],
    ['amex', 'amex'],
    ['discover', 'discover'],
    ['jcb', 'unknown'],
    ['unionpay', 'unknown'],
  ])('reads brand %s as network %s', (brand, network) => {
    const event = withField(
      STRIPE_EVENTS.createdNeedsResponse,
      ['data', 'object', 'payment_method_details', 'card', 'brand'],
      brand,
    );
    expect(stripeNotification(event).opening?.network).toBe(network);
  });

  it('reads a dispute without card details as network unknown, reason code unknown', () => {
    const event = withField(
      STRIPE_EVENTS.createdNeedsResponse,
      ['data', 'object', 'payment_method_details'],
      null,
    );
    expect(stripeNotification(event).opening).toMatchObject({
      network: 'unknown',
      reasonCode: 'unknown',
    });
  });

  it.each([
    ['fraudulent', '10'],
    ['duplicate', '12'],
    ['incorrect_account_details', '12'],
    ['product_not_received', '13'],
    ['product_unacceptable', '13'],
    ['subscription_canceled', '13'],
    ['credit_not_processed', '13'],
    ['general', 'unknown'],
    ['unrecognized', 'unknown'],
    ['a_reason_stripe_adds_later', 'unknown'],
  ])('falls back from Visa reason %s to code %s', (reason, code) => {
    const withoutCode = withField(
      withField(
        STRIPE_EVENTS.createdNeedsResponse,
        ['data', 'object', 'payment_method_details', 'card', 'network_reason_code'],
        null,
      ),
      ['data', 'object', 'reason'],
      reason,
    );
    expect(stripeNotification(withoutCode).opening?.reasonCode).toBe(code);
  });

  it('normalizes a reason code as the catalogue keys it', () => {
    const event = withField(
      STRIPE_EVENTS.createdNeedsResponse,
      ['data', 'object', 'payment_method_details', 'card', 'network_reason_code'],
      ' f24 ',
    );
    expect(stripeNotification(event).opening?.reasonCode).toBe('F24');
  });

  it.each(['charge.succeeded', 'radar.early_fraud_warning.created', 'charge.dispute.deleted'])(
    'skips the event %s',
    (type) => {
      expect(
        parseStripeDisputeEvent({
          id: 'evt_1',
          type,
          created: 1,
          data: { object: {} },
        })._unsafeUnwrap(),
      ).toBeNull();
    },
  );
});
