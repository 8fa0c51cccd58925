import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { PGlite } from '@electric-sql/pglite';
import { createDynamoDbStorage, ensureTable } from '@strongroom/dynamodb';
import {
  ok,
  type Result,
  type Storage,
  type StorageTransaction,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage, dumpMemoryStorage } from '@strongroom/memory';
import { createPostgresKysely, createPostgresStorage, migrateToLatest } from '@strongroom/postgres';
import { createPGliteStorage } from '@strongroom/postgres/pglite';
import { inject } from 'vitest';
import type { RecordTamperer, StorageBackend } from '../src/index.js';
import { createScratchPostgresDatabase, runAsPostgresAdmin } from '../src/postgres-server.js';
import {
  inspectPostgresDatabase,
  inspectSqlDatabase,
  inspectStore,
  removeDynamoDbTable,
} from '../src/secret-scan.js';

async function asPostgresAdmin(
  statement: string,
  connectionString: string,
  params: unknown[] = [],
): Promise<readonly string[]> {
  const rows = await runAsPostgresAdmin<{ row: string }>(statement, { connectionString, params });
  return rows.map((row) => row.row);
}

/**
 * Plain SQL against the records table as the connecting superuser, which row-level security does
 * not bind: what an attacker with database credentials could run.
 */
function sqlTamperer(
  execute: (statement: string, params: unknown[]) => Promise<unknown>,
  select: (statement: string) => Promise<readonly string[]>,
): RecordTamperer {
  const run = async (statement: string, params: unknown[]) => {
    await execute(statement, params);
  };
  return {
    dump: () =>
      select(
        `select row_to_json(r)::text as row from strongroom_records r
         union all select row_to_json(o)::text from strongroom_outbox o`,
      ),
    replace: (tenantId, collection, id, data) =>
      run(
        'update strongroom_records set data = $4::jsonb where tenant_id = $1 and collection = $2 and id = $3',
        [tenantId, collection, id, JSON.stringify(data)],
      ),
    insert: (tenantId, collection, id, data) =>
      run(
        'insert into strongroom_records (tenant_id, collection, id, data, version) values ($1, $2, $3, $4::jsonb, 1)',
        [tenantId, collection, id, JSON.stringify(data)],
      ),
    remove: (tenantId, collection, id) =>
      run('delete from strongroom_records where tenant_id = $1 and collection = $2 and id = $3', [
        tenantId,
        collection,
        id,
      ]),
  };
}

/**
 * Memory has no layer below the port: tampering goes through it, bypassing every domain package,
 * and the dump reads the adapter's maps directly.
 */
function portTamperer(storage: Storage): RecordTamperer {
  const write = async (
    tenantId: TenantId,
    change: (tx: StorageTransaction) => Promise<Result<unknown, never>>,
  ): Promise<void> => {
    unwrapOrThrow(await storage.transaction(tenantId, change));
  };
  return {
    dump: async () => dumpMemoryStorage(storage).map((row) => JSON.stringify(row)),
    replace: (tenantId, collection, id, data) =>
      write(tenantId, async (tx) => {
        const current = await tx.records.get(collection, id);
        return ok(
          await tx.records.put({ collection, id, data, expectedVersion: current?.version ?? 0 }),
        );
      }),
    insert: (tenantId, collection, id, data) =>
      write(tenantId, async (tx) =>
        ok(await tx.records.put({ collection, id, data, expectedVersion: 0 })),
      ),
    remove: (tenantId, collection, id) =>
      write(tenantId, async (tx) => {
        const current = await tx.records.get(collection, id);
        return ok(
          await tx.records.delete({ collection, id, expectedVersion: current?.version ?? 1 }),
        );
      }),
  };
}

/** Raw item writes in the adapter's documented single-table layout (packages/dynamodb/README.md). */
function dynamoDbTamperer(client: DynamoDBClient, tableName: string): RecordTamperer {
  const key = (tenantId: TenantId, collection: string, id: string) => ({
    pk: { S: `t#${tenantId}#r#${collection}` },
    sk: { S: id },
  });
  return {
    async dump() {
      const items: string[] = [];
      let startKey: Record<string, AttributeValue> | undefined;
      // Bounded: a conformance table holds far fewer than 100 pages of items.
      for (let page = 0; page < 100; page += 1) {
        const scanned = await client.send(
          new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }),
        );
        for (const item of scanned.Items ?? []) items.push(JSON.stringify(item));
        startKey = scanned.LastEvaluatedKey;
        if (startKey === undefined) return items;
      }
      throw new Error('dynamodb dump: more than 100 pages of items');
    },
    async replace(tenantId, collection, id, data) {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key(tenantId, collection, id),
          UpdateExpression: 'SET #data = :data',
          ExpressionAttributeNames: { '#data': 'data' },
          ExpressionAttributeValues: { ':data': { S: JSON.stringify(data) } },
        }),
      );
    },
    async insert(tenantId, collection, id, data) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...key(tenantId, collection, id),
            data: { S: JSON.stringify(data) },
            version: { N: '1' },
            revision: { S: 'tampered' },
          },
        }),
      );
    },
    async remove(tenantId, collection, id) {
      await client.send(
        new DeleteItemCommand({ TableName: tableName, Key: key(tenantId, collection, id) }),
      );
    },
  };
}

const memory: StorageBackend = {
  name: 'memory',
  async create() {
    const storage = createMemoryStorage();
    return {
      storage,
      tamper: portTamperer(storage),
      async dispose() {
        await inspectStore('memory', 'memory storage', async () =>
          dumpMemoryStorage(storage).map((row, index) => ({
            place: `row ${index + 1}`,
            text: JSON.stringify(row),
          })),
        );
        await storage.close();
      },
    };
  },
};

const postgresServer: StorageBackend = {
  name: 'postgres',
  async create() {
    // A database of its own, dropped afterwards; every transaction runs as the non-superuser
    // `strongroom_app` role, so row-level security applies although we connect as a superuser.
    const database = await createScratchPostgresDatabase('sr_conformance');
    const db = createPostgresKysely({ connectionString: database.url, maxConnections: 8 });
    await migrateToLatest(db);
    const storage = createPostgresStorage({ db });
    return {
      storage,
      tamper: sqlTamperer(
        (statement, params) => asPostgresAdmin(statement, database.url, params),
        (statement) => asPostgresAdmin(statement, database.url),
      ),
      async dispose() {
        await storage.close();
        await db.destroy();
        await inspectPostgresDatabase(database.name, database.url);
        await database.drop();
      },
    };
  },
};

const pglite: StorageBackend = {
  name: 'pglite',
  async create() {
    const pglite = new PGlite();
    const storage = await createPGliteStorage({ pglite });
    return {
      storage,
      tamper: sqlTamperer(
        (statement, params) => pglite.query(statement, params),
        async (statement) =>
          (await pglite.query<{ row: string }>(statement)).rows.map((row) => row.row),
      ),
      async dispose() {
        await inspectSqlDatabase('pglite', 'pglite', (statement) => pglite.query(statement));
        await storage.close();
        await pglite.close();
      },
    };
  },
};

const dynamoDb: StorageBackend = {
  name: 'dynamodb-local',
  async create() {
    // DynamoDB Local keeps tables per access key and region: every client of a run uses this pair.
    const client = new DynamoDBClient({
      endpoint: inject('dynamoDbEndpoint'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'strongroom', secretAccessKey: 'strongroom' },
    });
    const tableName = `conformance-${crypto.randomUUID()}`;
    unwrapOrThrow(await ensureTable({ client, tableName }));
    const storage = createDynamoDbStorage({ client, tableName });
    return {
      storage,
      tamper: dynamoDbTamperer(client, tableName),
      async dispose() {
        await storage.close();
        await removeDynamoDbTable(client, tableName);
        client.destroy();
      },
    };
  },
};

/**
 * The backends every conformance suite runs on, like kysely's `DIALECTS`: memory, a Postgres
 * server, embedded PGlite and DynamoDB Local.
 */
export const BACKENDS: readonly StorageBackend[] = [memory, postgresServer, pglite, dynamoDb];
