import {
  type AttributeValue,
  type DynamoDBClient,
  ListTablesCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { assert } from '@strongroom/kernel';
import { STORE_ROWS_MAX, type StoreRow } from './store-row.js';

// ListTables and Scan pages: a test emulator holds far fewer than this many pages.
const PAGES_MAX = 10_000;

/** Every table name on the endpoint the client talks to (for DynamoDB Local: per key and region). */
export async function dynamoDbTableNames(client: DynamoDBClient): Promise<string[]> {
  const names: string[] = [];
  let start: string | undefined;
  for (let page = 0; page < PAGES_MAX; page += 1) {
    const listed = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(listed.TableNames ?? []));
    start = listed.LastEvaluatedTableName;
    if (start === undefined) return names;
  }
  throw new Error(`dynamoDbTableNames: more than ${PAGES_MAX} pages of tables`);
}

/** Every item of a table, each as its JSON (attribute-value form, keys included). */
export async function dynamoDbTableRows(
  client: DynamoDBClient,
  tableName: string,
): Promise<StoreRow[]> {
  const rows: StoreRow[] = [];
  let start: Record<string, AttributeValue> | undefined;
  for (let page = 0; page < PAGES_MAX; page += 1) {
    const scanned = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }),
    );
    for (const item of scanned.Items ?? []) {
      rows.push({ place: `item ${rows.length + 1}`, text: JSON.stringify(item) });
    }
    assert(rows.length <= STORE_ROWS_MAX, `a scanned table holds at most ${STORE_ROWS_MAX} items`);
    start = scanned.LastEvaluatedKey;
    if (start === undefined) return rows;
  }
  throw new Error(`dynamoDbTableRows: more than ${PAGES_MAX} pages of items in ${tableName}`);
}
