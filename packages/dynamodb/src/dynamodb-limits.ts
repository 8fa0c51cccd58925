import { assert, type StorageLimits } from '@strongroom/kernel';

/** Actions one `TransactWriteItems` call may hold (AWS quota): writes and condition checks together. */
export const TRANSACT_ITEMS_MAX = 100;

/** Largest item, read conservatively: AWS says 400 KB (409,600 bytes); we count 400,000. */
export const ITEM_BYTES_MAX = 400_000;

/** Largest aggregate of the items of one transaction, read conservatively: AWS says 4 MB. */
export const TRANSACTION_BYTES_MAX = 4_000_000;

/**
 * The most an item adds around its body, which is what the write budget charges: key values
 * (`pk` at most 2 + 64 + 3 + 63 = 132 bytes; `sk` at most 256 UTF-16 units, so 768 UTF-8 bytes),
 * attribute names (23 bytes), `version` (a number takes at most 21 bytes) and `revision` (36).
 * That is 980 bytes; 1 KiB leaves a margin.
 */
export const ITEM_OVERHEAD_BYTES_MAX = 1_024;

/**
 * The DynamoDB adapter's default limits: the service's own, minus the room keys and attributes
 * take, so a transaction within them never fails in AWS for its size.
 */
export const DYNAMODB_DEFAULT_LIMITS: StorageLimits = {
  writesPerTransaction: TRANSACT_ITEMS_MAX,
  bytesPerTransaction: TRANSACTION_BYTES_MAX - TRANSACT_ITEMS_MAX * ITEM_OVERHEAD_BYTES_MAX,
  bytesPerRecord: ITEM_BYTES_MAX - ITEM_OVERHEAD_BYTES_MAX,
};

/** Checks configured limits: positive integers no larger than what DynamoDB can commit. */
export function assertDynamoDbLimits(limits: StorageLimits): void {
  for (const name of ['writesPerTransaction', 'bytesPerTransaction', 'bytesPerRecord'] as const) {
    const value = limits[name];
    assert(
      Number.isSafeInteger(value) && value >= 1 && value <= DYNAMODB_DEFAULT_LIMITS[name],
      `${name} must be an integer from 1 to ${DYNAMODB_DEFAULT_LIMITS[name]} on DynamoDB`,
    );
  }
}

const encoder = new TextEncoder();

/** The size of a string as DynamoDB stores it: its UTF-8 bytes. */
export function utf8ByteLength(text: string): number {
  return encoder.encode(text).byteLength;
}
