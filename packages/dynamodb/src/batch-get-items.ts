import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import { infrastructureError } from '@strongroom/kernel';
import { StorageFailure } from '@strongroom/kernel/adapter';
import { sendToDynamoDb } from './aws-failure.js';
import type { DynamoDbTable } from './dynamodb-table.js';
import { type Item, keyAttributes, readSortKey } from './item-codec.js';
import { ATTRIBUTE, type ItemKey, itemKeyString } from './table-layout.js';

/** Keys one `BatchGetItem` call may ask for (AWS quota). */
export const BATCH_GET_KEYS_MAX = 100;

// DynamoDB returns keys unprocessed when throttled or past 16 MB; ask again, but not forever.
const UNPROCESSED_ROUNDS_MAX = 8;
const UNPROCESSED_BACKOFF_BASE_MS = 10;
const UNPROCESSED_BACKOFF_MAX_MS = 500;

/**
 * Reads items by key, strongly consistent, in chunks of {@link BATCH_GET_KEYS_MAX}. Keys must be
 * distinct. Returns the items found, by {@link itemKeyString}; a key without an item is absent.
 */
export async function batchGetItems(
  table: DynamoDbTable,
  keys: readonly ItemKey[],
): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  for (let start = 0; start < keys.length; start += BATCH_GET_KEYS_MAX) {
    let pending: Item[] = keys.slice(start, start + BATCH_GET_KEYS_MAX).map(keyAttributes);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === UNPROCESSED_ROUNDS_MAX) throw unprocessedKeys();
      if (round > 0) await sleep(backoffDelayMs(round));
      const requested = pending;
      const output = await sendToDynamoDb('dynamodb.batch_get_item', () =>
        table.client.send(
          new BatchGetItemCommand({
            RequestItems: { [table.tableName]: { Keys: requested, ConsistentRead: true } },
          }),
        ),
      );
      for (const item of output.Responses?.[table.tableName] ?? []) {
        const pk = item[ATTRIBUTE.partitionKey]?.S ?? '';
        found.set(itemKeyString({ pk, sk: readSortKey(item) }), item);
      }
      pending = output.UnprocessedKeys?.[table.tableName]?.Keys ?? [];
    }
  }
  return found;
}

function backoffDelayMs(round: number): number {
  return (
    Math.random() * Math.min(UNPROCESSED_BACKOFF_MAX_MS, UNPROCESSED_BACKOFF_BASE_MS * 2 ** round)
  );
}

function sleep(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, delayMs));
}

function unprocessedKeys(): StorageFailure {
  return new StorageFailure(
    infrastructureError({
      retryable: true,
      operation: 'dynamodb.batch_get_item',
      message: `keys were still unprocessed after ${UNPROCESSED_ROUNDS_MAX} requests`,
      code: 'UnprocessedKeys',
    }),
  );
}
