import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../src/index.js';
import { localClient, uniqueTableName } from './test-table.js';

describe('ensureTable', () => {
  const client = localClient();
  const created: string[] = [];
  const newTableName = () => {
    const tableName = uniqueTableName('ensure');
    created.push(tableName);
    return tableName;
  };

  afterAll(async () => {
    for (const TableName of created) {
      await client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
    }
    client.destroy();
  });

  it('creates an on-demand pk/sk table and accepts it on every later call', async () => {
    const tableName = newTableName();
    expect((await ensureTable({ client, tableName })).isOk()).toBe(true);
    expect((await ensureTable({ client, tableName })).isOk()).toBe(true);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('lets several processes ensure the same new table at once', async () => {
    const tableName = newTableName();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => ensureTable({ client, tableName })),
    );
    expect(results.map((result) => result.isOk())).toEqual([true, true, true, true]);
  });

  it('refuses a table of that name with another key schema, as a non-retryable fault', async () => {
    const tableName = newTableName();
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const result = await ensureTable({ client, tableName });
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: false,
      operation: 'dynamodb.describe_table',
    });
  });
});
