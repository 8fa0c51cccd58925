import { describe, expect, it } from 'vitest';
import type { ResponseDeadline } from '../../src/lifecycle/dispute-data.js';
import { ADYEN_DISPUTE_EVENT_CODES } from '../../src/providers/adyen-notification-schema.js';
import { parseAdyenDisputeNotification } from '../../src/providers/parse-adyen-dispute-notification.js';
import { parseAdyenWebhook } from '../../src/providers/parse-adyen-webhook.js';
import type {
  ProviderCommand,
  ProviderNotification,
  ProviderOpening,
} from '../../src/providers/provider-notification.js';
import {
  ADYEN_BODIES,
  adyenItemOf,
  adyenNotification,
  withField,
} from './provider-test-fixtures.js';

const due = (dueAt: string): ResponseDeadline => ({ kind: 'due', dueAt, source: 'provider' });

// One dispute per fixture family: its reference, its payment, what it opens with.
function family(
  pspReference: string,
  opening: Omit<ProviderOpening, 'transactionDate' | 'startsAs' | 'withdrawsFunds'>,
) {
  return (
    eventCode: string,
    occurredAt: string,
    commands: readonly ProviderCommand[],
    options: {
      readonly startsAs?: 'inquiry';
      readonly withdrawsFunds?: true;
      readonly deadline?: ResponseDeadline;
      readonly final?: 'won' | 'lost';
    } = {},
  ): ProviderNotification => ({
    provider: 'adyen',
    providerDisputeId: pspReference,
    notificationId: `${pspReference}:${eventCode}:${occurredAt}`,
    occurredAt,
    opening: {
      ...opening,
      transactionDate: occurredAt.slice(0, 10),
      ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
      startsAs: options.startsAs ?? 'chargeback',
      withdrawsFunds: options.withdrawsFunds ?? false,
    },
    commands,
    ...(options.final === undefined ? {} : { final: options.final }),
  });
}

const visa131 = family('ZVWN7D3WSMK2WN82', {
  network: 'visa',
  reasonCode: '13.1',
  amount: { amountMinor: '12500', currency: 'EUR' },
  paymentReference: 'V4HZ4RBFJGXXGN82',
});
const mastercard4808 = family('QFRP3KLM7ZTB5X42', {
  network: 'mastercard',
  reasonCode: '4808',
  amount: { amountMinor: '8000', currency: 'USD' },
  paymentReference: 'HJ72KQ9XWN3L8D21',
});
const mastercard4853 = family('K9TD2WQX4MBN7R13', {
  network: 'mastercard',
  reasonCode: '4853',
  amount: { amountMinor: '4500', currency: 'GBP' },
  paymentReference: 'P2LM8ZQK5TRW9C44',
});
const visa104 = family('WB6Y3NPQ8CXK2M57', {
  network: 'visa',
  reasonCode: '10.4',
  amount: { amountMinor: '3999', currency: 'EUR' },
  paymentReference: 'T7QX2LKD9WRB4N68',
});

const CHARGEBACK_DUE = due('2025-03-31T12:05:12.000Z');
const PRE_ARBITRATION_DUE = due('2025-05-23T14:20:00.000Z');

describe('Adyen notifications map to notifications', () => {
  it.each<[string, (typeof ADYEN_BODIES)[keyof typeof ADYEN_BODIES], ProviderNotification]>([
    [
      'REQUEST_FOR_INFORMATION opens an inquiry with the defense period',
      ADYEN_BODIES.requestForInformation,
      visa131('REQUEST_FOR_INFORMATION', '2025-03-03T08:12:40.000Z', [], {
        startsAs: 'inquiry',
        deadline: due('2025-03-24T08:12:40.000Z'),
      }),
    ],
    [
      'NOTIFICATION_OF_CHARGEBACK opens the chargeback stage without a debit',
      ADYEN_BODIES.notificationOfChargeback,
      visa131(
        'NOTIFICATION_OF_CHARGEBACK',
        '2025-03-10T13:05:12.000Z',
        [
          {
            type: 'escalate_inquiry',
            withdrawsFunds: false,
            reasonCode: '13.1',
            deadline: CHARGEBACK_DUE,
          },
        ],
        { deadline: CHARGEBACK_DUE },
      ),
    ],
    [
      'CHARGEBACK opens the chargeback stage with the debit',
      ADYEN_BODIES.chargeback,
      visa131(
        'CHARGEBACK',
        '2025-03-10T13:06:02.000Z',
        [
          {
            type: 'escalate_inquiry',
            withdrawsFunds: true,
            reasonCode: '13.1',
            deadline: CHARGEBACK_DUE,
          },
        ],
        { deadline: CHARGEBACK_DUE, withdrawsFunds: true },
      ),
    ],
    [
      'INFORMATION_SUPPLIED submits in the current stage',
      ADYEN_BODIES.informationSupplied,
      visa131('INFORMATION_SUPPLIED', '2025-03-20T09:30:00.000Z', [{ type: 'submit_evidence' }]),
    ],
    [
      'CHARGEBACK_REVERSED is a provisional win, not final',
      ADYEN_BODIES.chargebackReversed,
      visa131('CHARGEBACK_REVERSED', '2025-04-05T06:00:00.000Z', [
        { type: 'record_issuer_decision', decision: 'accepted_provisionally' },
      ]),
    ],
    [
      'SECOND_CHARGEBACK opens pre-arbitration and debits again',
      ADYEN_BODIES.secondChargeback,
      visa131(
        'SECOND_CHARGEBACK',
        '2025-05-02T14:20:00.000Z',
        [{ type: 'open_pre_arbitration', withdrawsFunds: true, deadline: PRE_ARBITRATION_DUE }],
        { deadline: PRE_ARBITRATION_DUE, withdrawsFunds: true },
      ),
    ],
    [
      'PREARBITRATION_LOST is the final loss',
      ADYEN_BODIES.preArbitrationLost,
      visa131(
        'PREARBITRATION_LOST',
        '2025-06-03T09:00:00.000Z',
        [{ type: 'record_issuer_decision', decision: 'rejected' }],
        { final: 'lost' },
      ),
    ],
    [
      'PREARBITRATION_OPEN opens the issuer pre-arbitration without a debit',
      ADYEN_BODIES.preArbitrationOpen,
      mastercard4853(
        'PREARBITRATION_OPEN',
        '2025-04-14T09:00:00.000Z',
        [
          {
            type: 'open_pre_arbitration',
            withdrawsFunds: false,
            deadline: due('2025-05-14T09:00:00.000Z'),
          },
        ],
        { deadline: due('2025-05-14T09:00:00.000Z') },
      ),
    ],
    [
      'PREARBITRATION_WON is the final win',
      ADYEN_BODIES.preArbitrationWon,
      mastercard4853(
        'PREARBITRATION_WON',
        '2025-05-30T09:00:00.000Z',
        [{ type: 'record_issuer_decision', decision: 'accepted' }],
        { final: 'won' },
      ),
    ],
    [
      'SCHEME_ARBITRATION escalates without a debit',
      ADYEN_BODIES.schemeArbitration,
      mastercard4808('SCHEME_ARBITRATION', '2025-03-25T16:00:00.000Z', [
        { type: 'escalate_to_arbitration', withdrawsFunds: false },
      ]),
    ],
    [
      'SCHEME_ARBITRATION_WON is the ruling, final won',
      ADYEN_BODIES.schemeArbitrationWon,
      mastercard4808(
        'SCHEME_ARBITRATION_WON',
        '2025-05-15T16:00:00.000Z',
        [{ type: 'record_ruling', outcome: 'won' }],
        {
          final: 'won',
        },
      ),
    ],
    [
      'SCHEME_ARBITRATION_LOST is the ruling, final lost',
      ADYEN_BODIES.schemeArbitrationLost,
      mastercard4808(
        'SCHEME_ARBITRATION_LOST',
        '2025-05-15T16:00:00.000Z',
        [{ type: 'record_ruling', outcome: 'lost' }],
        {
          final: 'lost',
        },
      ),
    ],
    [
      'DISPUTE_DEFENSE_PERIOD_ENDED (Expired) is the final loss by expiry',
      ADYEN_BODIES.defensePeriodEnded,
      visa104('DISPUTE_DEFENSE_PERIOD_ENDED', '2025-03-31T22:05:00.000Z', [{ type: 'expire' }], {
        final: 'lost',
      }),
    ],
  ])('%s', (_, body, expected) => {
    expect(adyenNotification(body)).toStrictEqual(expected);
  });

  it('NOTIFICATION_OF_FRAUD is informational: no opening, no commands', () => {
    expect(adyenNotification(ADYEN_BODIES.notificationOfFraud)).toStrictEqual({
      provider: 'adyen',
      providerDisputeId: 'M3KX8QW2TBZN6L91',
      notificationId: 'M3KX8QW2TBZN6L91:NOTIFICATION_OF_FRAUD:2025-03-02T06:45:00.000Z',
      occurredAt: '2025-03-02T06:45:00.000Z',
      opening: null,
      commands: [],
    });
  });
});

describe('every Adyen dispute event code', () => {
  // The notification-of-chargeback item with another event code and no dispute status.
  const itemWith = (eventCode: string, data: Record<string, unknown> = {}) =>
    withField(
      withField(adyenItemOf(ADYEN_BODIES.notificationOfChargeback), ['eventCode'], eventCode),
      ['additionalData'],
      { chargebackReasonCode: '13.1', chargebackSchemeCode: 'visa', ...data },
    );
  const meaningOf = (eventCode: string, data?: Record<string, unknown>) => {
    const notification = parseAdyenDisputeNotification(itemWith(eventCode, data))._unsafeUnwrap();
    return notification === null
      ? null
      : {
          startsAs: notification.opening?.startsAs ?? null,
          withdrawsFunds: notification.opening?.withdrawsFunds ?? null,
          commands: notification.commands.map((command) => command.type),
          final: notification.final ?? null,
        };
  };

  const MEANINGS: readonly [string, ReturnType<typeof meaningOf>][] = [
    ['NOTIFICATION_OF_FRAUD', { startsAs: null, withdrawsFunds: null, commands: [], final: null }],
    ['ISSUER_COMMENTS', { startsAs: null, withdrawsFunds: null, commands: [], final: null }],
    [
      'REQUEST_FOR_INFORMATION',
      { startsAs: 'inquiry', withdrawsFunds: false, commands: [], final: null },
    ],
    [
      'NOTIFICATION_OF_CHARGEBACK',
      {
        startsAs: 'chargeback',
        withdrawsFunds: false,
        commands: ['escalate_inquiry'],
        final: null,
      },
    ],
    [
      'CHARGEBACK',
      { startsAs: 'chargeback', withdrawsFunds: true, commands: ['escalate_inquiry'], final: null },
    ],
    [
      'INFORMATION_SUPPLIED',
      { startsAs: 'chargeback', withdrawsFunds: false, commands: ['submit_evidence'], final: null },
    ],
    [
      'DISPUTE_DEFENSE_PERIOD_ENDED',
      { startsAs: 'chargeback', withdrawsFunds: false, commands: ['expire'], final: 'lost' },
    ],
    [
      'ISSUER_RESPONSE_TIMEFRAME_EXPIRED',
      {
        startsAs: 'chargeback',
        withdrawsFunds: false,
        commands: ['resolve_provisional'],
        final: 'won',
      },
    ],
    [
      'CHARGEBACK_REVERSED',
      {
        startsAs: 'chargeback',
        withdrawsFunds: false,
        commands: ['record_issuer_decision'],
        final: null,
      },
    ],
    [
      'SECOND_CHARGEBACK',
      {
        startsAs: 'chargeback',
        withdrawsFunds: true,
        commands: ['open_pre_arbitration'],
        final: null,
      },
    ],
    [
      'PREARBITRATION_OPEN',
      {
        startsAs: 'chargeback',
        withdrawsFunds: false,
        commands: ['open_pre_arbitration'],
        final: null,
      },
    ],
    [
      'PREARBITRATION_ACCEPTED',
      {
        startsAs: 'chargeback',
        withdrawsFunds: false,
        commands: ['open_pre_arbitration', 'accept'],
        final: null,
      },
    ],
    [
      'PREARBITRATION_DECLINED',
      {
        startsAs: 'chargeback',
        withdrawsFunds: false,
        commands: ['open_pre_arbitration', 'submit_evidence'],
        final: null,
      },
    ],
    [
      'PREARBITRATION_ISSUER_WITHDRAWN',
      {
        startsAs: 'chargeback',
        withdrawsFunds: false,
        commands: ['record_issuer_decision'],
        final: 'won',
      },
    ],
    [
      'PREARBITRATION_WON',
      {
        startsAs: 'chargeback',
        withdrawsFunds: false,
        commands: ['record_issuer_decision'],
        final: 'won',
      },
    ],
    [
      'PREARBITRATION_LOST',
      {
        startsAs: 'chargeback',
        withdrawsFunds: false,
        commands: ['record_issuer_decision'],
        final: 'lost',
      },
    ],
    [
      'SCHEME_ARBITRATION',
      {
        startsAs: 'chargeback',
        withdrawsFunds: false,
        commands: ['escalate_to_arbitration'],
        final: null,
      },
    ],
    [
      'SCHEME_ARBITRATION_WON',
      { startsAs: 'chargeback', withdrawsFunds: false, commands: ['record_ruling'], final: 'won' },
    ],
    [
      'SCHEME_ARBITRATION_LOST',
      { startsAs: 'chargeback', withdrawsFunds: false, commands: ['record_ruling'], final: 'lost' },
    ],
  ];

  it.each(MEANINGS)('%s', (eventCode, expected) => {
    expect(meaningOf(eventCode)).toStrictEqual(expected);
  });

  it('tables every code the parser accepts', () => {
    expect(MEANINGS.map(([eventCode]) => eventCode).sort()).toStrictEqual(
      [...ADYEN_DISPUTE_EVENT_CODES].sort(),
    );
  });

  it.each(['AUTHORISATION', 'REFUND', 'CAPTURE', 'REPORT_AVAILABLE', 'chargeback'])(
    'skips the event code %s',
    (eventCode) => {
      expect(meaningOf(eventCode)).toBeNull();
    },
  );

  it.each([
    ['Accepted', 'accept'],
    ['Expired', 'expire'],
    ['Lost', 'record_issuer_decision'],
  ])(
    'makes a chargeback-stage notice with disputeStatus %s a final loss',
    (disputeStatus, command) => {
      expect(meaningOf('NOTIFICATION_OF_CHARGEBACK', { disputeStatus })).toMatchObject({
        commands: [command],
        final: 'lost',
      });
      expect(meaningOf('DISPUTE_DEFENSE_PERIOD_ENDED', { disputeStatus })).toMatchObject({
        commands: [command],
        final: 'lost',
      });
    },
  );

  it('never makes an RFI, an informational notice or a final win a loss by disputeStatus', () => {
    expect(meaningOf('REQUEST_FOR_INFORMATION', { disputeStatus: 'Expired' })).toMatchObject({
      commands: [],
      final: null,
    });
    expect(meaningOf('ISSUER_COMMENTS', { disputeStatus: 'Lost' })).toMatchObject({
      commands: [],
      final: null,
    });
    expect(meaningOf('SCHEME_ARBITRATION_WON', { disputeStatus: 'Lost' })).toMatchObject({
      final: 'won',
    });
    expect(meaningOf('CHARGEBACK_REVERSED', { disputeStatus: 'Won' })).toMatchObject({
      final: null,
    });
  });
});

describe('Adyen details', () => {
  const noc = () => adyenItemOf(ADYEN_BODIES.notificationOfChargeback);
  const openingOf = (item: unknown) => parseAdyenDisputeNotification(item)._unsafeUnwrap()?.opening;

  it.each([false, 'false'])(
    'reads defendable %j as not defendable, whatever the defense period',
    (defendable) => {
      const item = withField(noc(), ['additionalData', 'defendable'], defendable);
      const notification = parseAdyenDisputeNotification(item)._unsafeUnwrap();
      expect(notification?.opening?.deadline).toStrictEqual({ kind: 'not_defendable' });
      expect(notification?.commands).toStrictEqual([
        {
          type: 'escalate_inquiry',
          withdrawsFunds: false,
          reasonCode: '13.1',
          deadline: { kind: 'not_defendable' },
        },
      ]);
    },
  );

  it('leaves the deadline to the network when Adyen gives none, and the code unknown when absent', () => {
    const item = withField(noc(), ['additionalData'], {
      defensePeriodEndsAt: '',
      chargebackReasonCode: '',
    });
    const notification = parseAdyenDisputeNotification(item)._unsafeUnwrap();
    expect(notification?.opening).not.toHaveProperty('deadline');
    expect(notification?.opening).toMatchObject({ network: 'visa', reasonCode: 'unknown' });
    // An absent code must not overwrite the code an RFI opened the dispute with.
    expect(notification?.commands).toStrictEqual([
      { type: 'escalate_inquiry', withdrawsFunds: false },
    ]);
  });

  it.each([
    ['mc', undefined, 'mastercard'],
    [undefined, 'mc_googlepay', 'mastercard'],
    [undefined, 'visa_applepay', 'visa'],
    ['Mastercard', 'visa', 'mastercard'],
    [undefined, 'amex', 'amex'],
    [undefined, 'discover', 'discover'],
    [undefined, 'jcb', 'unknown'],
    [undefined, undefined, 'unknown'],
  ])('reads scheme %s, payment method %s as %s', (scheme, paymentMethod, network) => {
    const item = withField(
      withField(noc(), ['additionalData', 'chargebackSchemeCode'], scheme),
      ['paymentMethod'],
      paymentMethod,
    );
    expect(openingOf(item)?.network).toBe(network);
  });

  it('skips an item whose event did not happen (success false)', () => {
    expect(
      parseAdyenDisputeNotification(withField(noc(), ['success'], 'false'))._unsafeUnwrap(),
    ).toBeNull();
    expect(
      parseAdyenDisputeNotification(withField(noc(), ['success'], false))._unsafeUnwrap(),
    ).toBeNull();
  });

  it('gives the same notification id to a redelivery, whatever its offset', () => {
    const redelivered = withField(noc(), ['eventDate'], '2025-03-10T13:05:12Z');
    expect(parseAdyenDisputeNotification(redelivered)._unsafeUnwrap()?.notificationId).toBe(
      adyenNotification(ADYEN_BODIES.notificationOfChargeback).notificationId,
    );
  });

  it('reads a webhook body item by item, one result per item, in order', () => {
    const body = {
      live: 'false',
      notificationItems: [
        ...ADYEN_BODIES.notificationOfChargeback.notificationItems,
        { NotificationRequestItem: withField(noc(), ['amount', 'value'], -5) },
        { NotificationRequestItem: withField(noc(), ['eventCode'], 'AUTHORISATION') },
        { somethingElse: {} },
        ...ADYEN_BODIES.chargeback.notificationItems,
      ],
    };
    const results = parseAdyenWebhook(body)._unsafeUnwrap();
    expect(results).toHaveLength(5);
    expect(results[0]?._unsafeUnwrap()).toStrictEqual(
      adyenNotification(ADYEN_BODIES.notificationOfChargeback),
    );
    expect(results[1]?._unsafeUnwrapErr()).toMatchObject({
      field: 'amount.value',
      reason: 'out_of_range',
    });
    expect(results[2]?._unsafeUnwrap()).toBeNull();
    expect(results[3]?._unsafeUnwrapErr()).toMatchObject({
      field: 'NotificationRequestItem',
      reason: 'missing',
    });
    expect(results[4]?._unsafeUnwrap()).toStrictEqual(adyenNotification(ADYEN_BODIES.chargeback));
  });
});
