import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { sendToDynamoDb } from './aws-failure.js';
import type { DynamoDbTable } from './dynamodb-table.js';
import type { Item } from './item-codec.js';
import { ATTRIBUTE } from './table-layout.js';

/** One page of a partition in ascending sort-key order. */
export interface PartitionPage {
  readonly items: readonly Item[];
  /** The sort key to continue after; absent when the partition has no more items. */
  readonly continueAfter?: string;
}

/**
 * Reads up to `limit` items of one partition with sort keys after `after`, strongly consistent.
 * DynamoDB may return fewer (a page stops at 1 MB) and still say where to continue.
 */
export async function queryPartition(
  table: DynamoDbTable,
  partitionKey: string,
  options: { readonly after: string | undefined; readonly limit: number },
): Promise<PartitionPage> {
  const output = await sendToDynamoDb('dynamodb.query', () =>
    table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': ATTRIBUTE.partitionKey },
        ExpressionAttributeValues: { ':pk': { S: partitionKey } },
        ConsistentRead: true,
        ScanIndexForward: true,
        Limit: options.limit,
        ...(options.after === undefined
          ? {}
          : {
              // The start key needs no item behind it: a cursor whose item was deleted still works.
              ExclusiveStartKey: {
                [ATTRIBUTE.partitionKey]: { S: partitionKey },
                [ATTRIBUTE.sortKey]: { S: options.after },
              },
            }),
      }),
    ),
  );
  const continueAfter = output.LastEvaluatedKey?.[ATTRIBUTE.sortKey]?.S;
  return {
    items: output.Items ?? [],
    ...(continueAfter === undefined ? {} : { continueAfter }),
  };
}
