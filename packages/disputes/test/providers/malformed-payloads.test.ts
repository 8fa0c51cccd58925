import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAdyenDisputeNotification } from '../../src/providers/parse-adyen-dispute-notification.js';
import { parseAdyenWebhook } from '../../src/providers/parse-adyen-webhook.js';
import { parseStripeDisputeEvent } from '../../src/providers/parse-stripe-dispute-event.js';
import { ADYEN_WEBHOOK_ITEMS_MAX } from '../../src/providers/provider-limits.js';
import { ADYEN_BODIES, adyenItemOf, STRIPE_EVENTS, withField } from './provider-test-fixtures.js';

const LONG = 'x'.repeat(10_000);

describe('malformed Stripe events', () => {
  const created = STRIPE_EVENTS.createdNeedsResponse;
  const dispute = (field: string) => ['data', 'object', ...field.split('.')];

  it.each<[string, readonly (string | number)[], unknown, string, string]>([
    ['no payload', [], undefined, '$', 'missing'],
    ['a payload that is not an object', [], 'charge.dispute.created', '$', 'wrong_type'],
    ['no type', ['type'], undefined, 'type', 'missing'],
    ['an oversized type', ['type'], LONG, 'type', 'too_long'],
    ['no event id', ['id'], undefined, 'id', 'missing'],
    ['an event id with spaces', ['id'], 'evt 1', 'id', 'bad_format'],
    ['an event time as text', ['created'], '2025-03-14', 'created', 'wrong_type'],
    ['an event time before the epoch', ['created'], -1, 'created', 'out_of_range'],
    ['no data', ['data'], undefined, 'data', 'missing'],
    ['no dispute', ['data', 'object'], undefined, 'data.object', 'missing'],
    ['another object', dispute('object'), 'charge', 'data.object.object', 'unsupported_value'],
    ['no dispute id', dispute('id'), undefined, 'data.object.id', 'missing'],
    ['an oversized dispute id', dispute('id'), `dp_${LONG}`, 'data.object.id', 'too_long'],
    ['no amount', dispute('amount'), undefined, 'data.object.amount', 'missing'],
    ['an amount as text', dispute('amount'), '4999', 'data.object.amount', 'wrong_type'],
    ['a fractional amount', dispute('amount'), 49.99, 'data.object.amount', 'wrong_type'],
    ['a negative amount', dispute('amount'), -4999, 'data.object.amount', 'out_of_range'],
    ['a zero amount', dispute('amount'), 0, 'data.object.amount', 'out_of_range'],
    ['an unknown currency', dispute('currency'), 'xyz', 'data.object.currency', 'unknown_currency'],
    [
      'a currency without minor unit',
      dispute('currency'),
      'xxx',
      'data.object.currency',
      'unknown_currency',
    ],
    ['an oversized currency', dispute('currency'), LONG, 'data.object.currency', 'too_long'],
    [
      'the deprecated status',
      dispute('status'),
      'charge_refunded',
      'data.object.status',
      'unsupported_value',
    ],
    ['no charge', dispute('charge'), undefined, 'data.object.charge', 'missing'],
    ['an empty charge id', dispute('charge'), '', 'data.object.charge', 'empty'],
    ['a charge as a number', dispute('charge'), 42, 'data.object.charge', 'wrong_type'],
    [
      'an expanded charge without time',
      dispute('charge'),
      { id: 'ch_1' },
      'data.object.charge.created',
      'missing',
    ],
    [
      'no evidence details',
      dispute('evidence_details'),
      undefined,
      'data.object.evidence_details',
      'missing',
    ],
    [
      'a due date as text',
      dispute('evidence_details.due_by'),
      '1742860799',
      'data.object.evidence_details.due_by',
      'wrong_type',
    ],
    [
      'a due date past year 9999',
      dispute('evidence_details.due_by'),
      1e12,
      'data.object.evidence_details.due_by',
      'out_of_range',
    ],
    [
      'a negative due date',
      dispute('evidence_details.due_by'),
      -5,
      'data.object.evidence_details.due_by',
      'out_of_range',
    ],
    [
      'past_due as text',
      dispute('evidence_details.past_due'),
      'no',
      'data.object.evidence_details.past_due',
      'wrong_type',
    ],
    [
      'a negative submission count',
      dispute('evidence_details.submission_count'),
      -1,
      'data.object.evidence_details.submission_count',
      'out_of_range',
    ],
    [
      'an oversized brand',
      dispute('payment_method_details.card.brand'),
      LONG,
      'data.object.payment_method_details.card.brand',
      'too_long',
    ],
    [
      'a reason code with other characters',
      dispute('payment_method_details.card.network_reason_code'),
      '13/1',
      'data.object.payment_method_details.card.network_reason_code',
      'bad_format',
    ],
    [
      'a reason code longer than any network uses',
      dispute('payment_method_details.card.network_reason_code'),
      '1'.repeat(40),
      'data.object.payment_method_details.card.network_reason_code',
      'too_long',
    ],
    [
      'too many balance transactions',
      dispute('balance_transactions'),
      Array.from({ length: 17 }, () => ({})),
      'data.object.balance_transactions',
      'too_many',
    ],
  ])('refuses %s, naming the field', (_, path, value, field, reason) => {
    expect(
      parseStripeDisputeEvent(withField(created, path, value))._unsafeUnwrapErr(),
    ).toStrictEqual({
      type: 'disputes.provider_payload_invalid',
      provider: 'stripe',
      field,
      reason,
    });
  });

  it.each([
    ['funds_withdrawn', 'warning_needs_response'],
    ['funds_reinstated', 'warning_closed'],
    ['funds_withdrawn', 'prevented'],
  ])('refuses a %s event on a dispute with status %s (no money moves for it)', (event, status) => {
    const contradicting = withField(
      withField(created, ['type'], `charge.dispute.${event}`),
      ['data', 'object', 'status'],
      status,
    );
    expect(parseStripeDisputeEvent(contradicting)._unsafeUnwrapErr()).toMatchObject({
      field: 'data.object.status',
      reason: 'inconsistent',
    });
  });
});

describe('malformed Adyen notifications', () => {
  const item = adyenItemOf(ADYEN_BODIES.chargeback);

  it.each<[string, readonly (string | number)[], unknown, string, string]>([
    ['no item', [], undefined, '$', 'missing'],
    ['an item that is not an object', [], [], '$', 'wrong_type'],
    ['no event code', ['eventCode'], undefined, 'eventCode', 'missing'],
    ['an oversized event code', ['eventCode'], LONG, 'eventCode', 'too_long'],
    ['no PSP reference', ['pspReference'], undefined, 'pspReference', 'missing'],
    ['an oversized PSP reference', ['pspReference'], LONG, 'pspReference', 'too_long'],
    ['no event date', ['eventDate'], undefined, 'eventDate', 'missing'],
    ['an event date that is no instant', ['eventDate'], 'yesterday', 'eventDate', 'bad_format'],
    [
      'an event date on no real day',
      ['eventDate'],
      '2025-02-30T10:00:00+01:00',
      'eventDate',
      'bad_format',
    ],
    ['an event date without zone', ['eventDate'], '2025-03-10T14:06:02', 'eventDate', 'bad_format'],
    [
      'an event date past year 9999 in UTC',
      ['eventDate'],
      '9999-12-31T23:30:00-05:00',
      'eventDate',
      'out_of_range',
    ],
    ['an oversized event date', ['eventDate'], LONG, 'eventDate', 'too_long'],
    ['success neither true nor false', ['success'], 'maybe', 'success', 'wrong_type'],
    ['no original reference', ['originalReference'], undefined, 'originalReference', 'missing'],
    ['no amount', ['amount'], undefined, 'amount', 'missing'],
    ['an amount as text', ['amount', 'value'], '12500', 'amount.value', 'wrong_type'],
    ['a negative amount', ['amount', 'value'], -12500, 'amount.value', 'out_of_range'],
    [
      'an amount beyond exact numbers',
      ['amount', 'value'],
      2 ** 60,
      'amount.value',
      'out_of_range',
    ],
    ['an unknown currency', ['amount', 'currency'], 'XQZ', 'amount.currency', 'unknown_currency'],
    [
      'a currency in lower case',
      ['amount', 'currency'],
      'eur',
      'amount.currency',
      'unknown_currency',
    ],
    [
      'additional data that is not an object',
      ['additionalData'],
      'x',
      'additionalData',
      'wrong_type',
    ],
    [
      'a defendable flag neither true nor false',
      ['additionalData', 'defendable'],
      'maybe',
      'additionalData.defendable',
      'wrong_type',
    ],
    [
      'a defense period end that is no instant',
      ['additionalData', 'defensePeriodEndsAt'],
      '31/03/2025',
      'additionalData.defensePeriodEndsAt',
      'bad_format',
    ],
    [
      'an oversized reason code',
      ['additionalData', 'chargebackReasonCode'],
      LONG,
      'additionalData.chargebackReasonCode',
      'too_long',
    ],
    [
      'a reason code with other characters',
      ['additionalData', 'chargebackReasonCode'],
      '13 1',
      'additionalData.chargebackReasonCode',
      'bad_format',
    ],
    [
      'an oversized scheme',
      ['additionalData', 'chargebackSchemeCode'],
      LONG,
      'additionalData.chargebackSchemeCode',
      'too_long',
    ],
  ])('refuses %s, naming the field', (_, path, value, field, reason) => {
    expect(
      parseAdyenDisputeNotification(withField(item, path, value))._unsafeUnwrapErr(),
    ).toStrictEqual({
      type: 'disputes.provider_payload_invalid',
      provider: 'adyen',
      field,
      reason,
    });
  });

  it('reads an informational notice without the dispute fields it does not need', () => {
    const comments = withField(
      withField(item, ['eventCode'], 'ISSUER_COMMENTS'),
      ['amount'],
      undefined,
    );
    expect(parseAdyenDisputeNotification(comments)._unsafeUnwrap()).toMatchObject({
      opening: null,
      commands: [],
    });
  });

  it.each<[string, unknown, string, string]>([
    ['a body that is not an object', 'x', '$', 'wrong_type'],
    ['no item list', { live: 'true' }, 'notificationItems', 'missing'],
    [
      'an item list that is not a list',
      { notificationItems: {} },
      'notificationItems',
      'wrong_type',
    ],
    [
      'more items than the bound',
      { notificationItems: Array.from({ length: ADYEN_WEBHOOK_ITEMS_MAX + 1 }, () => ({})) },
      'notificationItems',
      'too_many',
    ],
  ])('refuses a webhook body with %s', (_, body, field, reason) => {
    expect(parseAdyenWebhook(body)._unsafeUnwrapErr()).toMatchObject({ field, reason });
  });
});

describe('errors never echo payload values', () => {
  const MARK = 'SECRET4111111111111111';
  // Values that carry the mark in every shape a field could be given.
  const hostile = fc.oneof(
    fc.string().map((text) => `${MARK}${text}`),
    fc.string().map((text) => `${text} ${MARK}`),
    fc.constant({ [MARK]: MARK }),
    fc.constant([MARK]),
    fc.constant({ id: MARK, created: MARK }),
  );
  const stripeFields = [
    ['id'],
    ['type'],
    ['data', 'object', 'id'],
    ['data', 'object', 'object'],
    ['data', 'object', 'amount'],
    ['data', 'object', 'currency'],
    ['data', 'object', 'charge'],
    ['data', 'object', 'status'],
    ['data', 'object', 'reason'],
    ['data', 'object', 'evidence_details', 'due_by'],
    ['data', 'object', 'payment_method_details', 'card', 'brand'],
    ['data', 'object', 'payment_method_details', 'card', 'network_reason_code'],
    ['data', 'object', 'balance_transactions'],
  ] as const;
  const adyenFields = [
    ['eventCode'],
    ['pspReference'],
    ['originalReference'],
    ['eventDate'],
    ['success'],
    ['amount', 'currency'],
    ['amount', 'value'],
    ['paymentMethod'],
    ['additionalData', 'disputeStatus'],
    ['additionalData', 'defendable'],
    ['additionalData', 'defensePeriodEndsAt'],
    ['additionalData', 'chargebackReasonCode'],
    ['additionalData', 'chargebackSchemeCode'],
  ] as const;

  it('Stripe: whatever a field holds, the error names the field only', () => {
    fc.assert(
      fc.property(fc.constantFrom(...stripeFields), hostile, (path, value) => {
        const result = parseStripeDisputeEvent(
          withField(STRIPE_EVENTS.createdNeedsResponse, path, value),
        );
        if (result.isErr()) expect(JSON.stringify(result.error)).not.toContain(MARK);
      }),
    );
  });

  it('Adyen: whatever a field holds, the error names the field only', () => {
    fc.assert(
      fc.property(fc.constantFrom(...adyenFields), hostile, (path, value) => {
        const result = parseAdyenDisputeNotification(
          withField(adyenItemOf(ADYEN_BODIES.chargeback), path, value),
        );
        if (result.isErr()) expect(JSON.stringify(result.error)).not.toContain(MARK);
      }),
    );
  });

  it('neither parser throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(() => parseStripeDisputeEvent(input)).not.toThrow();
        expect(() => parseAdyenDisputeNotification(input)).not.toThrow();
        expect(() => parseAdyenWebhook(input)).not.toThrow();
      }),
    );
  });
});
