import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { PGlite } from '@electric-sql/pglite';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { ok, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage, dumpMemoryStorage } from '@strongroom/memory';
import { createRedisClient } from '@strongroom/redis';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freshTenantId } from '../../src/fixtures.js';
import { createScratchPostgresDatabase } from '../../src/postgres-server.js';
import {
  dynamoDbTableRows,
  redisKeyRows,
  type SecretFinding,
  type SqlQuery,
  scanStoreRows,
  sqlDatabaseRows,
} from '../../src/secret-scan.js';
import { PUBLISHED_TEST_PANS } from '../../src/vault/test-cards.js';

// These tests plant secrets and call the scan directly, never the spool: a planted secret must
// not reach the report of the run they are part of. Every store they make is removed unread.

const REDIS_URL = process.env['STRONGROOM_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';

function kindsOf(findings: readonly SecretFinding[]): string[] {
  return findings.map((finding) => finding.kind).sort();
}

/** Plants a card number in a public table and key material in a table of another schema. */
async function plantInSql(query: SqlQuery): Promise<void> {
  await query('create table payments (id int primary key, note text, extra jsonb)');
  await query(
    `insert into payments values (1, 'card ${PUBLISHED_TEST_PANS.mastercard}', '{"cvc":"321"}'), (2, 'clean', '{}')`,
  );
  await query('create schema vault_copy');
  await query(`create table vault_copy.keys (pem text)`);
  await query(`insert into vault_copy.keys values ('${PEM.replaceAll('\n', '\\n')}')`);
}

describe('the full-suite scan finds planted secrets on every backend', () => {
  it('on a Postgres server database, in every schema', async () => {
    const database = await createScratchPostgresDatabase('sr_plant');
    const { name } = database;
    const client = new pg.Client({ connectionString: database.url });
    try {
      await client.connect();
      const query: SqlQuery = (statement) => client.query(statement);
      await plantInSql(query);
      const rows = await sqlDatabaseRows(query);
      expect(rows.map((row) => row.place)).toEqual([
        'public.payments row 1',
        'public.payments row 2',
        'vault_copy.keys row 1',
      ]);
      const findings = scanStoreRows(name, rows);
      expect(kindsOf(findings)).toEqual(['card_number', 'key_material', 'security_code']);
      expect(findings.find((finding) => finding.kind === 'key_material')?.where).toBe(
        `${name} vault_copy.keys row 1`,
      );
    } finally {
      await client.end();
      await database.drop();
    }
  });

  it('on PGlite', async () => {
    const pglite = new PGlite();
    try {
      const query: SqlQuery = (statement) => pglite.query(statement);
      await plantInSql(query);
      expect(kindsOf(scanStoreRows('pglite', await sqlDatabaseRows(query)))).toEqual([
        'card_number',
        'key_material',
        'security_code',
      ]);
    } finally {
      await pglite.close();
    }
  });

  it('on DynamoDB Local, in any attribute of any item', async () => {
    const client = new DynamoDBClient({
      endpoint: inject('dynamoDbEndpoint'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'strongroom', secretAccessKey: 'strongroom' },
    });
    const tableName = `plant-${crypto.randomUUID()}`;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            pk: { S: 'session#1' },
            details: { M: { nested: { L: [{ S: `bearer ${jwtLike()}` }] } } },
          },
        }),
      );
      await client.send(
        new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'clean' }, n: { N: '7' } } }),
      );
      const rows = await dynamoDbTableRows(client, tableName);
      expect(rows).toHaveLength(2);
      expect(kindsOf(scanStoreRows(tableName, rows))).toEqual(['jwt']);
    } finally {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    }
  });

  describe('on Redis, in every kind of value and in key names', () => {
    const prefix = `sr-plant-${crypto.randomUUID().slice(0, 8)}:`;
    let quit: () => Promise<void> = async () => undefined;
    afterAll(() => quit());

    it('finds them in hashes, streams, sorted sets and key names', async () => {
      const client = unwrapOrThrow(await createRedisClient({ url: REDIS_URL }));
      quit = async () => {
        const keys = await client.keys(`${prefix}*`);
        if (keys.length > 0) await client.del(...keys);
        await client.quit();
      };
      await client.hset(`${prefix}user`, 'password', 'swordfish!');
      await client.xadd(
        `${prefix}events`,
        '*',
        'payload',
        `{"pan":"${PUBLISHED_TEST_PANS.discover}"}`,
      );
      await client.zadd(`${prefix}ranked`, 1, `{"cvv":"999"}`);
      await client.set(`${prefix}card:${PUBLISHED_TEST_PANS.jcb}`, 'x');
      await client.set(`${prefix}clean`, 'nothing to see');
      const rows = await redisKeyRows(client, `${prefix}*`);
      expect(rows).toHaveLength(5);
      expect(kindsOf(scanStoreRows('redis', rows))).toEqual([
        'card_number',
        'card_number',
        'password',
        'security_code',
      ]);
    });
  });

  it('in a memory storage: a token kept next to its own hash', async () => {
    const storage = createMemoryStorage();
    const tenantId = freshTenantId('plant');
    const token = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
    unwrapOrThrow(
      await storage.transaction(tenantId, async (tx) => {
        await tx.records.put({
          collection: 'identity.sessions',
          id: 'ses_1',
          data: { currentTokenHash: bytesToHex(sha256(utf8ToBytes(token))) },
          expectedVersion: 0,
        });
        await tx.records.put({
          collection: 'ledger.accounts',
          id: 'acc_1',
          data: { metadata: { note: token } },
          expectedVersion: 0,
        });
        return ok(undefined);
      }),
    );
    const rows = dumpMemoryStorage(storage).map((row, index) => ({
      place: `row ${index + 1}`,
      text: JSON.stringify(row),
    }));
    const findings = scanStoreRows('memory', rows);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.kind).toBe('secret_token');
    expect(rows[Number(findings[0]?.where.split(' ').at(-1)) - 1]?.text).toContain(
      'ledger.accounts',
    );
    await storage.close();
  });
});

/** A JWT-shaped value made here: a JSON header and payload, a random signature. */
function jwtLike(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signature = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  return `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part({ sub: 'usr_1' })}.${signature}`;
}
