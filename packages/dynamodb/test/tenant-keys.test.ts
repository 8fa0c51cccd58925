import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { Storage } from '@strongroom/kernel';
import { typeIdGenerator } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed, createTestStorage, freshTenant, stringAttribute } from './test-table.js';

describe('tenant-prefixed keys', () => {
  let context: Awaited<ReturnType<typeof createTestStorage>>;
  let storage: Storage;
  beforeAll(async () => {
    context = await createTestStorage('tenants');
    storage = context.storage;
  });
  afterAll(() => context.dispose());

  it('stores records under t#<tenant>#r#<collection> and events under t#<tenant>#o', async () => {
    const tenantId = freshTenant('layout');
    const event = {
      id: typeIdGenerator.next('evt'),
      tenantId,
      type: 'test.happened',
      schemaVersion: 1,
      payload: { n: 1 },
      occurredAt: new Date('2026-01-01T00:00:00Z'),
      correlationId: null,
      causationId: null,
    };
    await committed(storage, tenantId, async (tx) => {
      await tx.records.put({
        collection: 'accounts',
        id: 'a1',
        data: { n: 1 },
        expectedVersion: 0,
      });
      await tx.outbox.append([event]);
    });
    const records = await queryPartition(`t#${tenantId}#r#accounts`);
    expect(records).toEqual([
      {
        pk: { S: `t#${tenantId}#r#accounts` },
        sk: { S: 'a1' },
        data: { S: '{"n":1}' },
        version: { N: '1' },
        revision: { S: expect.any(String) },
      },
    ]);
    const events = await queryPartition(`t#${tenantId}#o`);
    expect(events.map((item) => stringAttribute(item, 'sk'))).toEqual([event.id]);
  });

  it('keeps tenant A from reading, listing or querying tenant B’s record of the same key', async () => {
    const tenantA = freshTenant('a');
    const tenantB = freshTenant('b');
    await committed(storage, tenantB, (tx) =>
      tx.records.put({
        collection: 'accounts',
        id: 'same',
        data: { owner: 'B' },
        expectedVersion: 0,
      }),
    );
    await committed(storage, tenantA, (tx) =>
      tx.records.put({
        collection: 'accounts',
        id: 'same',
        data: { owner: 'A' },
        expectedVersion: 0,
      }),
    );
    const seenByA = await committed(storage, tenantA, async (tx) => ({
      one: (await tx.records.get('accounts', 'same'))?.data,
      many: (await tx.records.getMany('accounts', ['same'])).map((record) => record?.data),
      listed: (await tx.records.list('accounts', { limit: 10 })).items.map((record) => record.data),
    }));
    expect(seenByA).toEqual({
      one: { owner: 'A' },
      many: [{ owner: 'A' }],
      listed: [{ owner: 'A' }],
    });

    const rawA = await queryPartition(`t#${tenantA}#r#accounts`);
    expect(rawA.map((item) => stringAttribute(item, 'data'))).toEqual(['{"owner":"A"}']);
  });

  async function queryPartition(pk: string) {
    const output = await context.client.send(
      new QueryCommand({
        TableName: context.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
        ConsistentRead: true,
      }),
    );
    return output.Items ?? [];
  }
});
