import { type Id, unwrapOrThrow } from '@strongroom/kernel';
import type { CommandSource } from '../../src/lifecycle/command-source.js';
import type { DisputeCommand, DisputeOpening } from '../../src/lifecycle/dispute-command.js';
import { disputeDecider } from '../../src/lifecycle/dispute-decider.js';
import type { DisputeError } from '../../src/lifecycle/dispute-error.js';
import type { DisputeEvent } from '../../src/lifecycle/dispute-event.js';
import type { Dispute, DisputeState } from '../../src/lifecycle/dispute-state.js';
import { parseAdyenDisputeNotification } from '../../src/providers/parse-adyen-dispute-notification.js';
import { parseStripeDisputeEvent } from '../../src/providers/parse-stripe-dispute-event.js';
import type { ProviderNotification } from '../../src/providers/provider-notification.js';
import adyenChargeback from './fixtures/adyen-chargeback.json' with { type: 'json' };
import adyenChargebackReversed from './fixtures/adyen-chargeback-reversed.json' with {
  type: 'json',
};
import adyenDefensePeriodEnded from './fixtures/adyen-dispute-defense-period-ended.json' with {
  type: 'json',
};
import adyenInformationSupplied from './fixtures/adyen-information-supplied.json' with {
  type: 'json',
};
import adyenNotificationOfChargeback from './fixtures/adyen-notification-of-chargeback.json' with {
  type: 'json',
};
import adyenNotificationOfFraud from './fixtures/adyen-notification-of-fraud.json' with {
  type: 'json',
};
import adyenPreArbitrationLost from './fixtures/adyen-prearbitration-lost.json' with {
  type: 'json',
};
import adyenPreArbitrationOpen from './fixtures/adyen-prearbitration-open.json' with {
  type: 'json',
};
import adyenPreArbitrationWon from './fixtures/adyen-prearbitration-won.json' with { type: 'json' };
import adyenRequestForInformation from './fixtures/adyen-request-for-information.json' with {
  type: 'json',
};
import adyenSchemeArbitration from './fixtures/adyen-scheme-arbitration.json' with { type: 'json' };
import adyenSchemeArbitrationChargeback from './fixtures/adyen-scheme-arbitration-chargeback.json' with {
  type: 'json',
};
import adyenSchemeArbitrationChargebackReversed from './fixtures/adyen-scheme-arbitration-chargeback-reversed.json' with {
  type: 'json',
};
import adyenSchemeArbitrationInformationSupplied from './fixtures/adyen-scheme-arbitration-information-supplied.json' with {
  type: 'json',
};
import adyenSchemeArbitrationLost from './fixtures/adyen-scheme-arbitration-lost.json' with {
  type: 'json',
};
import adyenSchemeArbitrationWon from './fixtures/adyen-scheme-arbitration-won.json' with {
  type: 'json',
};
import adyenSecondChargeback from './fixtures/adyen-second-chargeback.json' with { type: 'json' };
import stripeClosedLost from './fixtures/stripe-closed-lost.json' with { type: 'json' };
import stripeClosedWon from './fixtures/stripe-closed-won.json' with { type: 'json' };
import stripeCreatedNeedsResponse from './fixtures/stripe-created-needs-response.json' with {
  type: 'json',
};
import stripeCreatedNotDefendable from './fixtures/stripe-created-not-defendable.json' with {
  type: 'json',
};
import stripeFundsReinstated from './fixtures/stripe-funds-reinstated.json' with { type: 'json' };
import stripeFundsWithdrawn from './fixtures/stripe-funds-withdrawn.json' with { type: 'json' };
import stripeInquiryClosed from './fixtures/stripe-inquiry-closed.json' with { type: 'json' };
import stripeInquiryCreated from './fixtures/stripe-inquiry-created.json' with { type: 'json' };
import stripeInquiryUnderReview from './fixtures/stripe-inquiry-under-review.json' with {
  type: 'json',
};
import stripePrevented from './fixtures/stripe-prevented.json' with { type: 'json' };
import stripeUpdatedUnderReview from './fixtures/stripe-updated-under-review.json' with {
  type: 'json',
};

/** Stripe webhook events, as Stripe sends them. */
export const STRIPE_EVENTS = {
  createdNeedsResponse: stripeCreatedNeedsResponse,
  fundsWithdrawn: stripeFundsWithdrawn,
  updatedUnderReview: stripeUpdatedUnderReview,
  closedWon: stripeClosedWon,
  fundsReinstated: stripeFundsReinstated,
  closedLost: stripeClosedLost,
  inquiryCreated: stripeInquiryCreated,
  inquiryUnderReview: stripeInquiryUnderReview,
  inquiryClosed: stripeInquiryClosed,
  prevented: stripePrevented,
  createdNotDefendable: stripeCreatedNotDefendable,
} as const;

/** Adyen webhook bodies, one notification item each, as Adyen sends them. */
export const ADYEN_BODIES = {
  requestForInformation: adyenRequestForInformation,
  notificationOfChargeback: adyenNotificationOfChargeback,
  chargeback: adyenChargeback,
  informationSupplied: adyenInformationSupplied,
  chargebackReversed: adyenChargebackReversed,
  secondChargeback: adyenSecondChargeback,
  preArbitrationLost: adyenPreArbitrationLost,
  schemeArbitrationChargeback: adyenSchemeArbitrationChargeback,
  schemeArbitrationInformationSupplied: adyenSchemeArbitrationInformationSupplied,
  schemeArbitrationChargebackReversed: adyenSchemeArbitrationChargebackReversed,
  schemeArbitration: adyenSchemeArbitration,
  schemeArbitrationWon: adyenSchemeArbitrationWon,
  schemeArbitrationLost: adyenSchemeArbitrationLost,
  preArbitrationOpen: adyenPreArbitrationOpen,
  preArbitrationWon: adyenPreArbitrationWon,
  defensePeriodEnded: adyenDefensePeriodEnded,
  notificationOfFraud: adyenNotificationOfFraud,
} as const;

/** The `NotificationRequestItem` of a one-item Adyen webhook body. */
export function adyenItemOf(body: {
  readonly notificationItems: readonly unknown[];
}): Record<string, unknown> {
  const [entry] = body.notificationItems;
  if (typeof entry !== 'object' || entry === null || !('NotificationRequestItem' in entry)) {
    throw new Error('the fixture has no notification item');
  }
  return structuredClone(entry.NotificationRequestItem) as Record<string, unknown>;
}

/** A deep copy of a payload with one field set (or removed, for `undefined`), by path. */
export function withField(
  payload: unknown,
  path: readonly (string | number)[],
  value: unknown,
): unknown {
  const copy = structuredClone(payload) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last === undefined) return value;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** The notification a Stripe event maps to; a refused or skipped event fails the test. */
export function stripeNotification(event: unknown): ProviderNotification {
  const notification = unwrapOrThrow(parseStripeDisputeEvent(event));
  if (notification === null) throw new Error('not a dispute event');
  return notification;
}

/** The notification an Adyen webhook body's item maps to; a refused or skipped item fails the test. */
export function adyenNotification(body: {
  readonly notificationItems: readonly unknown[];
}): ProviderNotification {
  const notification = unwrapOrThrow(parseAdyenDisputeNotification(adyenItemOf(body)));
  if (notification === null) throw new Error('not a dispute notification');
  return notification;
}

const DISPUTE_ID = 'dsp_01h455vb4pex5vsknk084sn02q' as Id<'dsp'>;
const TRANSFER_ID = 'trf_01h455vb4pex5vsknk084sn02r' as Id<'trf'>;
const MERCHANT_ACCOUNT_ID = 'acc_01h455vb4pex5vsknk084sn02s' as Id<'acc'>;

/**
 * The dispute commands the service runs for a notification (`applyProviderNotification`): a
 * dispute not seen before is opened from `opening` (the payment reference resolved to the
 * fixture's transfer and account) under `notificationId#0`, each command then runs under
 * `notificationId#n` (n from 1), so that the state machine's per-command duplicate check
 * recognizes a redelivery, and the provider's final word rides on the last command.
 */
export function commandsOf(
  notification: ProviderNotification,
  state: DisputeState,
): DisputeCommand[] {
  const common = { disputeId: DISPUTE_ID, occurredAt: notification.occurredAt };
  const sourceOf = (index: number, last: boolean): CommandSource => ({
    kind: 'provider',
    provider: notification.provider,
    notificationId: `${notification.notificationId}#${index}`,
    ...(last && notification.final !== undefined ? { final: notification.final } : {}),
  });
  const opening: DisputeCommand[] = [];
  if (state === null) {
    if (notification.opening === null) return [];
    const { paymentReference: _, startsAs, withdrawsFunds, ...facts } = notification.opening;
    const base: DisputeOpening & typeof common & { source: CommandSource } = {
      ...facts,
      ...common,
      transferId: TRANSFER_ID,
      merchantAccountId: MERCHANT_ACCOUNT_ID,
      providerReference: {
        provider: notification.provider,
        providerDisputeId: notification.providerDisputeId,
      },
      source: sourceOf(0, notification.commands.length === 0),
    };
    opening.push(
      startsAs === 'inquiry'
        ? { ...base, type: 'open_inquiry' }
        : startsAs === 'prevented'
          ? { ...base, type: 'record_prevention' }
          : { ...base, type: 'open_chargeback', withdrawsFunds },
    );
  }
  const commands = notification.commands.map(
    (command, index): DisputeCommand => ({
      ...command,
      ...common,
      source: sourceOf(index + 1, index === notification.commands.length - 1),
    }),
  );
  return [...opening, ...commands];
}

/** A dispute's stream after notifications: its state, its events, and any refused command. */
export interface NotifiedStream {
  readonly state: DisputeState;
  readonly events: readonly DisputeEvent[];
  readonly refusals: readonly DisputeError[];
}

/** Runs notifications through the real decider, folding its events with its evolve. */
export function notify(
  notifications: readonly ProviderNotification[],
  start: NotifiedStream = { state: disputeDecider.initialState(), events: [], refusals: [] },
): NotifiedStream {
  return notifications.reduce<NotifiedStream>((stream, notification) => {
    let current = stream;
    for (const command of commandsOf(notification, current.state)) {
      const decided = disputeDecider.decide(command, current.state);
      current = decided.isErr()
        ? { ...current, refusals: [...current.refusals, decided.error] }
        : {
            state: decided.value.reduce(disputeDecider.evolve, current.state),
            events: [...current.events, ...decided.value],
            refusals: current.refusals,
          };
    }
    return current;
  }, start);
}

/** The dispute of a stream that has one. */
export function disputeOf(stream: NotifiedStream): Dispute {
  if (stream.state === null) throw new Error('the stream has no dispute');
  return stream.state;
}
