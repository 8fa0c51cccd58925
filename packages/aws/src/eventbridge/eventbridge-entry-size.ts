import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

// The PutEvents size rule, from "Calculating Amazon EventBridge PutEvents event entry size"
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html): an entry
// counts 14 bytes for `Time` when given, plus the UTF-8 bytes of `Source`, `DetailType`, `Detail`
// and each of `Resources`; `EventBusName` does not count. The total of a request's entries must be
// less than 256 KB, and so must each entry; the EventBridge quotas allow one request up to 256 KB
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/events/cloudwatch_limits_cwe.html).

/** Largest size of one PutEvents entry, and of all entries of one request: less than 256 KiB. */
export const EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES = 256 * 1024 - 1;

const TIME_BYTES = 14;

function utf8Bytes(text: string | undefined): number {
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

/** The size EventBridge counts for a PutEvents entry, by the rule AWS documents. */
export function eventBridgeEntrySizeBytes(entry: PutEventsRequestEntry): number {
  let sizeBytes = entry.Time === undefined ? 0 : TIME_BYTES;
  sizeBytes += utf8Bytes(entry.Source) + utf8Bytes(entry.DetailType) + utf8Bytes(entry.Detail);
  for (const resource of entry.Resources ?? []) sizeBytes += utf8Bytes(resource);
  return sizeBytes;
}
