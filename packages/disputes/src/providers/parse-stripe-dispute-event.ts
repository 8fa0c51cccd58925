import { err, ok, type Result } from '@strongroom/kernel';
import { calendarDateOf } from '../deadlines/calendar-date.js';
import { stripeDueByDeadline } from '../deadlines/provider-deadline.js';
import type { ResponseDeadline } from '../lifecycle/dispute-data.js';
import { cardNetworkOfBrand } from './card-network-of-brand.js';
import { parseProviderPayload } from './parse-provider-payload.js';
import { providerAmount } from './provider-amount.js';
import type { ProviderNotification, ProviderOpening } from './provider-notification.js';
import { type ProviderPayloadError, providerPayloadError } from './provider-payload-error.js';
import { providerReasonCode } from './provider-reason-code.js';
import { responseDeadlineOf } from './provider-response-deadline.js';
import { instantOfUnixSeconds } from './provider-schemas.js';
import { stripeDisputeMeaning } from './stripe-dispute-commands.js';
import {
  STRIPE_DISPUTE_EVENT_TYPES,
  type StripeDispute,
  stripeChargeIdSchema,
  stripeDisputeEventSchema,
  stripeDisputeSchema,
  stripeEventTypeSchema,
  stripeExpandedChargeSchema,
} from './stripe-dispute-schema.js';
import { stripeFallbackReasonCode } from './stripe-reason-fallback.js';

/** The provider name Stripe notifications carry. */
export const STRIPE_PROVIDER = 'stripe';

const DISPUTE = 'data.object';

/**
 * Reads a Stripe webhook event (already signature-checked by the host) as a dispute
 * notification. Events other than `charge.dispute.*` give `ok(null)`. The notification id is the
 * event id, the dispute id Stripe's `dp_…`, the payment reference the dispute's charge.
 *
 * The transaction date: a Stripe dispute has none. When the host expanded `charge`, its creation
 * day (UTC) is used; otherwise the day the dispute was created. A dispute never precedes its
 * transaction, so this fallback is never earlier than the real date: issuer filing windows
 * counted from it end later, and a timely dispute is never taken for a late one. A host that
 * knows the real date should use it.
 */
export function parseStripeDisputeEvent(
  input: unknown,
): Result<ProviderNotification | null, ProviderPayloadError> {
  const kind = parseProviderPayload(STRIPE_PROVIDER, stripeEventTypeSchema, input);
  if (kind.isErr()) return err(kind.error);
  if (!(STRIPE_DISPUTE_EVENT_TYPES as readonly string[]).includes(kind.value.type)) return ok(null);
  const event = parseProviderPayload(STRIPE_PROVIDER, stripeDisputeEventSchema, input);
  if (event.isErr()) return err(event.error);
  const parsed = parseProviderPayload(
    STRIPE_PROVIDER,
    stripeDisputeSchema,
    event.value.data.object,
    DISPUTE,
  );
  if (parsed.isErr()) return err(parsed.error);
  const dispute = parsed.value;
  const opening = openingOf(dispute, event.value.type === 'charge.dispute.funds_withdrawn');
  if (opening.isErr()) return err(opening.error);
  const meaning = stripeDisputeMeaning({
    eventType: event.value.type,
    status: dispute.status,
    reasonCode: opening.value.reasonCode,
    deadline: opening.value.deadline,
    submissionCount: dispute.evidence_details.submission_count,
    pastDue: dispute.evidence_details.past_due,
  });
  if (meaning.isErr()) return err(meaning.error);
  return ok({
    provider: STRIPE_PROVIDER,
    providerDisputeId: dispute.id,
    notificationId: event.value.id,
    occurredAt: instantOfUnixSeconds(event.value.created),
    opening: opening.value,
    commands: meaning.value.commands,
    ...(meaning.value.final === undefined ? {} : { final: meaning.value.final }),
  });
}

function openingOf(
  dispute: StripeDispute,
  debitEvent: boolean,
): Result<ProviderOpening, ProviderPayloadError> {
  const charge = chargeOf(dispute);
  if (charge.isErr()) return err(charge.error);
  const card = dispute.payment_method_details?.card;
  const network = cardNetworkOfBrand(card?.brand);
  const networkCode = providerReasonCode(
    STRIPE_PROVIDER,
    network,
    card?.network_reason_code,
    `${DISPUTE}.payment_method_details.card.network_reason_code`,
  );
  if (networkCode.isErr()) return err(networkCode.error);
  // Stripe sends currencies in lower case; ISO 4217 codes are upper case.
  const amount = providerAmount(
    STRIPE_PROVIDER,
    dispute.amount,
    dispute.currency.toUpperCase(),
    `${DISPUTE}.currency`,
  );
  if (amount.isErr()) return err(amount.error);
  const deadline = deadlineOf(dispute.evidence_details.due_by);
  if (deadline.isErr()) return err(deadline.error);
  const startsAs = startOf(dispute.status);
  return ok({
    network,
    reasonCode: networkCode.value ?? stripeFallbackReasonCode(network, dispute.reason),
    amount: amount.value,
    transactionDate: calendarDateOf(new Date(charge.value.createdSeconds * 1000)),
    ...(deadline.value === undefined ? {} : { deadline: deadline.value }),
    paymentReference: charge.value.id,
    startsAs,
    withdrawsFunds: startsAs === 'chargeback' && (debitEvent || snapshotWithdrawn(dispute)),
  });
}

function startOf(status: StripeDispute['status']): ProviderOpening['startsAs'] {
  if (status === 'prevented') return 'prevented';
  return status.startsWith('warning_') ? 'inquiry' : 'chargeback';
}

// The charge id, and the time its transaction date is taken from (see parseStripeDisputeEvent).
function chargeOf(
  dispute: StripeDispute,
): Result<{ readonly id: string; readonly createdSeconds: number }, ProviderPayloadError> {
  const field = `${DISPUTE}.charge`;
  if (typeof dispute.charge === 'object' && dispute.charge !== null) {
    const expanded = parseProviderPayload(
      STRIPE_PROVIDER,
      stripeExpandedChargeSchema,
      dispute.charge,
      field,
    );
    if (expanded.isErr()) return err(expanded.error);
    return ok({ id: expanded.value.id, createdSeconds: expanded.value.created });
  }
  const id = parseProviderPayload(STRIPE_PROVIDER, stripeChargeIdSchema, dispute.charge, field);
  if (id.isErr()) return err(id.error);
  return ok({ id: id.value, createdSeconds: dispute.created });
}

// `due_by = 0`: the issuer allows no response (reference §4); `null`: Stripe gives no deadline.
function deadlineOf(
  dueBy: number | null,
): Result<ResponseDeadline | undefined, ProviderPayloadError> {
  if (dueBy === null) return ok(undefined);
  const deadline = stripeDueByDeadline(dueBy);
  if (deadline.isErr()) {
    return err(
      providerPayloadError(STRIPE_PROVIDER, `${DISPUTE}.evidence_details.due_by`, 'out_of_range'),
    );
  }
  return ok(responseDeadlineOf(deadline.value));
}

/**
 * Whether the dispute's balance transactions show the amount withdrawn and not yet reinstated
 * (reporting categories `dispute` and `dispute_reversal`, reference §4 "Money"): a first notice
 * that is not the `funds_withdrawn` event may still come after the debit.
 */
function snapshotWithdrawn(dispute: StripeDispute): boolean {
  const categories = (dispute.balance_transactions ?? []).map((entry) => entry.reporting_category);
  const withdrawals = categories.filter((category) => category === 'dispute').length;
  const reinstatements = categories.filter((category) => category === 'dispute_reversal').length;
  return withdrawals > reinstatements;
}
