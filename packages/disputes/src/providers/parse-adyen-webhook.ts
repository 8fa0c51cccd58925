import { err, ok, type Result } from '@strongroom/kernel';
import { adyenWebhookEntrySchema, adyenWebhookSchema } from './adyen-notification-schema.js';
import {
  ADYEN_PROVIDER,
  parseAdyenDisputeNotification,
} from './parse-adyen-dispute-notification.js';
import { parseProviderPayload } from './parse-provider-payload.js';
import type { ProviderNotification } from './provider-notification.js';
import type { ProviderPayloadError } from './provider-payload-error.js';

/** The outcome of one item of an Adyen webhook body. */
export type AdyenItemResult = Result<ProviderNotification | null, ProviderPayloadError>;

/**
 * Reads a whole Adyen webhook body (`{ live, notificationItems: [{ NotificationRequestItem }] }`):
 * one result per item, in order, so that one bad item loses none of the others. The body itself
 * is refused when it has no item list or more than `ADYEN_WEBHOOK_ITEMS_MAX` items. Field names
 * in an item's error are relative to its `NotificationRequestItem`, as for
 * {@link parseAdyenDisputeNotification}.
 */
export function parseAdyenWebhook(
  body: unknown,
): Result<readonly AdyenItemResult[], ProviderPayloadError> {
  const parsed = parseProviderPayload(ADYEN_PROVIDER, adyenWebhookSchema, body);
  if (parsed.isErr()) return err(parsed.error);
  return ok(
    parsed.value.notificationItems.map((entry): AdyenItemResult => {
      const item = parseProviderPayload(ADYEN_PROVIDER, adyenWebhookEntrySchema, entry);
      if (item.isErr()) return err(item.error);
      return parseAdyenDisputeNotification(item.value.NotificationRequestItem);
    }),
  );
}
