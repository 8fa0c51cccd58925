import { z } from 'zod';
import {
  ADYEN_WEBHOOK_ITEMS_MAX,
  PROVIDER_CURRENCY_MAX_LENGTH,
  PROVIDER_EVENT_NAME_MAX_LENGTH,
} from './provider-limits.js';
import {
  flagSchema,
  isoInstantSchema,
  minorUnitsSchema,
  providerReferenceSchema,
  providerTokenSchema,
} from './provider-schemas.js';

/**
 * The Adyen dispute event codes (reference/disputes.md §5 table, `Adyen/adyen-openapi`
 * `json/Webhooks-v1.json`).
 */
export const ADYEN_DISPUTE_EVENT_CODES = Object.freeze([
  'NOTIFICATION_OF_FRAUD',
  'REQUEST_FOR_INFORMATION',
  'NOTIFICATION_OF_CHARGEBACK',
  'CHARGEBACK',
  'INFORMATION_SUPPLIED',
  'DISPUTE_DEFENSE_PERIOD_ENDED',
  'ISSUER_RESPONSE_TIMEFRAME_EXPIRED',
  'ISSUER_COMMENTS',
  'CHARGEBACK_REVERSED',
  'SECOND_CHARGEBACK',
  'PREARBITRATION_OPEN',
  'PREARBITRATION_ACCEPTED',
  'PREARBITRATION_DECLINED',
  'PREARBITRATION_ISSUER_WITHDRAWN',
  'PREARBITRATION_WON',
  'PREARBITRATION_LOST',
  'SCHEME_ARBITRATION',
  'SCHEME_ARBITRATION_WON',
  'SCHEME_ARBITRATION_LOST',
] as const);

/** One of {@link ADYEN_DISPUTE_EVENT_CODES}. */
export type AdyenDisputeEventCode = (typeof ADYEN_DISPUTE_EVENT_CODES)[number];

// Adyen leaves unused string fields empty rather than out; an empty one counts as absent.
function optionalText<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

/** The event code of any notification item, read first so that other events are skipped. */
export const adyenEventCodeSchema = z.object({
  eventCode: z.string().min(1).max(PROVIDER_EVENT_NAME_MAX_LENGTH, { abort: true }),
});

/**
 * What every dispute notification is identified by (the dispute, the event, its time) and
 * whether the event happened (`success`, a string in Adyen's JSON webhooks).
 */
export const adyenNoticeSchema = z.object({
  eventCode: z.enum(ADYEN_DISPUTE_EVENT_CODES),
  pspReference: providerReferenceSchema,
  eventDate: isoInstantSchema,
  success: flagSchema.optional(),
});

/** The dispute facts of a notification that may open a dispute or move one. */
export const adyenDisputeItemSchema = z.object({
  originalReference: providerReferenceSchema,
  amount: z.object({
    value: minorUnitsSchema,
    currency: z.string().min(1).max(PROVIDER_CURRENCY_MAX_LENGTH),
  }),
  paymentMethod: optionalText(providerTokenSchema),
  additionalData: z
    .object({
      disputeStatus: optionalText(providerTokenSchema),
      defendable: optionalText(flagSchema),
      defensePeriodEndsAt: optionalText(isoInstantSchema),
      chargebackReasonCode: optionalText(providerTokenSchema),
      chargebackSchemeCode: optionalText(providerTokenSchema),
    })
    .optional(),
});

/** An Adyen dispute notification item as {@link adyenDisputeItemSchema} reads it. */
export type AdyenDisputeItem = z.output<typeof adyenDisputeItemSchema>;

/** A webhook body: the items, each to be read on its own. */
export const adyenWebhookSchema = z.object({
  notificationItems: z.array(z.unknown()).max(ADYEN_WEBHOOK_ITEMS_MAX),
});

/** One entry of `notificationItems`: the item sits under `NotificationRequestItem`. */
export const adyenWebhookEntrySchema = z.object({
  NotificationRequestItem: z.looseObject({}),
});
