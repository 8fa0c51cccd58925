import { err, ok, type Result } from '@strongroom/kernel';
import { calendarDateOf } from '../deadlines/calendar-date.js';
import type { ResponseDeadline } from '../lifecycle/dispute-data.js';
import { adyenEventMeaning } from './adyen-event-meaning.js';
import {
  ADYEN_DISPUTE_EVENT_CODES,
  type AdyenDisputeItem,
  adyenDisputeItemSchema,
  adyenEventCodeSchema,
  adyenNoticeSchema,
} from './adyen-notification-schema.js';
import { cardNetworkOfBrand } from './card-network-of-brand.js';
import { parseProviderPayload } from './parse-provider-payload.js';
import { providerAmount } from './provider-amount.js';
import type { ProviderNotification } from './provider-notification.js';
import type { ProviderPayloadError } from './provider-payload-error.js';
import { providerReasonCode, UNKNOWN_PROVIDER_REASON_CODE } from './provider-reason-code.js';

/** The provider name Adyen notifications carry. */
export const ADYEN_PROVIDER = 'adyen';

/**
 * Reads one Adyen `NotificationRequestItem` (already HMAC-checked by the host) as a dispute
 * notification. Event codes that are not about disputes, and items with `success` false (the
 * event did not happen), give `ok(null)`. Field names in errors are relative to the item.
 *
 * - The dispute id is the item's `pspReference`, which all events of one dispute share; the
 *   payment reference is `originalReference` (reference/disputes.md §5).
 * - Adyen items have no event id: the notification id is `pspReference:eventCode:eventDate`
 *   (the date normalized to UTC), the same for every delivery of one event, so redeliveries are
 *   recognized as duplicates.
 * - The network is `additionalData.chargebackSchemeCode`, else `paymentMethod`; the reason code
 *   is `additionalData.chargebackReasonCode`, else `unknown`.
 * - The deadline: `defendable` false means the dispute cannot be defended; otherwise
 *   `defensePeriodEndsAt`, marked as the provider's.
 * - The transaction date: Adyen's dispute items carry none, so the day (UTC) of the event is
 *   used. A dispute never precedes its transaction: the fallback is never earlier than the real
 *   date, so issuer filing windows counted from it never make a timely dispute look late.
 *
 * What each event code means is tabled at `adyenEventMeaning`.
 */
export function parseAdyenDisputeNotification(
  input: unknown,
): Result<ProviderNotification | null, ProviderPayloadError> {
  const kind = parseProviderPayload(ADYEN_PROVIDER, adyenEventCodeSchema, input);
  if (kind.isErr()) return err(kind.error);
  if (!(ADYEN_DISPUTE_EVENT_CODES as readonly string[]).includes(kind.value.eventCode)) {
    return ok(null);
  }
  const notice = parseProviderPayload(ADYEN_PROVIDER, adyenNoticeSchema, input);
  if (notice.isErr()) return err(notice.error);
  if (notice.value.success === false) return ok(null);
  const { pspReference, eventDate } = notice.value;
  const identity = {
    provider: ADYEN_PROVIDER,
    providerDisputeId: pspReference,
    notificationId: `${pspReference}:${notice.value.eventCode}:${eventDate}`,
    occurredAt: eventDate,
  };
  const informational = adyenEventMeaning(notice.value.eventCode, NO_FACTS);
  if (informational.startsAs === null) return ok({ ...identity, opening: null, commands: [] });

  const parsed = parseProviderPayload(ADYEN_PROVIDER, adyenDisputeItemSchema, input);
  if (parsed.isErr()) return err(parsed.error);
  const item = parsed.value;
  const data = item.additionalData;
  const network = cardNetworkOfBrand(data?.chargebackSchemeCode ?? item.paymentMethod);
  const reasonCode = providerReasonCode(
    ADYEN_PROVIDER,
    network,
    data?.chargebackReasonCode,
    'additionalData.chargebackReasonCode',
  );
  if (reasonCode.isErr()) return err(reasonCode.error);
  const amount = providerAmount(
    ADYEN_PROVIDER,
    item.amount.value,
    item.amount.currency,
    'amount.currency',
  );
  if (amount.isErr()) return err(amount.error);
  const deadline = deadlineOf(item);
  const meaning = adyenEventMeaning(notice.value.eventCode, {
    reasonCode: reasonCode.value,
    deadline,
    disputeStatus: data?.disputeStatus,
  });
  // Only the informational codes have no start, and they returned above.
  const startsAs = meaning.startsAs ?? 'chargeback';
  return ok({
    ...identity,
    opening: {
      network,
      reasonCode: reasonCode.value ?? UNKNOWN_PROVIDER_REASON_CODE,
      amount: amount.value,
      transactionDate: calendarDateOf(new Date(eventDate)),
      ...(deadline === undefined ? {} : { deadline }),
      paymentReference: item.originalReference,
      startsAs,
      withdrawsFunds: meaning.withdrawsFunds,
    },
    commands: meaning.commands,
    ...(meaning.final === undefined ? {} : { final: meaning.final }),
  });
}

const NO_FACTS = { reasonCode: undefined, deadline: undefined, disputeStatus: undefined };

// `defendable = false`: the issuer allows no response, whatever the defense period says.
function deadlineOf(item: AdyenDisputeItem): ResponseDeadline | undefined {
  const data = item.additionalData;
  if (data?.defendable === false) return { kind: 'not_defendable' };
  if (data?.defensePeriodEndsAt === undefined) return undefined;
  return { kind: 'due', dueAt: data.defensePeriodEndsAt, source: 'provider' };
}
