import { type Storage, type TenantId, typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import type { LedgerEvent } from '@strongroom/ledger';
import {
  createPostgresKysely,
  createPostgresStorage,
  migrateToLatest,
  postgresTypes,
  RECORDS_TABLE,
} from '@strongroom/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTenantId } from '../src/fixtures.js';
import { createSuiteLedger, type SuiteLedger } from '../src/ledger/suite-ledger.js';
import {
  createScratchPostgresDatabase,
  type ScratchPostgresDatabase,
} from '../src/postgres-server.js';

// Statements that read or wrote records, each a round trip: their first word, and whether they
// lock what they read.
function recordRoundTrips(statements: readonly string[]): string[] {
  return statements
    .filter((text) => text.includes(RECORDS_TABLE))
    .map((text) => {
      const verb = text.trimStart().split(/\s/, 1)[0]?.toLowerCase() ?? '';
      return text.includes('for update') ? `${verb} for update` : verb;
    });
}

function transfer(fields: Record<string, unknown>): LedgerEvent {
  return {
    kind: 'transfer',
    transfer: { id: typeIdGenerator.next('trf'), currency: 'EUR', code: 1, ...fields } as never,
  };
}

describe('round trips of a ledger command on the Postgres server', () => {
  let database: ScratchPostgresDatabase;
  let pool: pg.Pool;
  let storage: Storage;
  let tenantId: TenantId;
  let suite: SuiteLedger;
  const statements: string[] = [];
  const [debit, credit] = [typeIdGenerator.next('acc'), typeIdGenerator.next('acc')];

  beforeAll(async () => {
    database = await createScratchPostgresDatabase('sr_round_trips');
    const migrator = createPostgresKysely({ connectionString: database.url });
    await migrateToLatest(migrator);
    await migrator.destroy();
    // A host's pool, as the storage docs ask for it, whose clients note every statement's text.
    pool = new pg.Pool({
      connectionString: database.url,
      max: 2,
      types: postgresTypes,
      pipeline: true,
    } as pg.PoolConfig);
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      client.query = ((config: string | { text: string }, ...rest: unknown[]) => {
        statements.push(typeof config === 'string' ? config : config.text);
        return query(config, ...rest);
      }) as typeof client.query;
    });
    storage = createPostgresStorage({ pool });
    tenantId = freshTenantId('round-trips');
    suite = createSuiteLedger(storage, tenantId);
    unwrapOrThrow(
      await suite.ledger.createAccounts(tenantId, [
        { id: debit, currency: 'EUR', code: 1, name: 'Debit', type: 'asset' },
        { id: credit, currency: 'EUR', code: 1, name: 'Credit', type: 'liability' },
      ]),
    );
  });
  afterAll(async () => {
    await storage?.close();
    await pool?.end();
    await database?.drop();
  });

  it('reads a transfer id and locks its accounts in one statement, then writes in one', async () => {
    statements.length = 0;
    const event = transfer({ debitAccountId: debit, creditAccountId: credit, amountMinor: 5n });
    const [result] = unwrapOrThrow(await suite.ledger.createTransfers(tenantId, [event]));
    expect(result?.status).toBe('created');
    expect(recordRoundTrips(statements)).toEqual(['select for update', 'with']);
    expect(statements.find((text) => text.includes('union all'))).toBeDefined();
  });

  it('reads the pending transfer a post resolves before it locks the accounts only that names', async () => {
    const pending = transfer({
      debitAccountId: debit,
      creditAccountId: credit,
      amountMinor: 7n,
      flags: { pending: true },
    });
    unwrapOrThrow(await suite.ledger.createTransfers(tenantId, [pending]));
    statements.length = 0;
    const post = transfer({
      pendingId: pending.kind === 'transfer' ? pending.transfer.id : '',
      flags: { postPending: true },
    });
    const [result] = unwrapOrThrow(await suite.ledger.createTransfers(tenantId, [post]));
    expect(result?.status).toBe('created');
    expect(recordRoundTrips(statements)).toEqual(['select', 'select for update', 'select', 'with']);
  });
});
