import { ok } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_APP_ROLE, RECORDS_TABLE, TENANT_SETTING } from '../src/index.js';
import { BACKENDS, type Fixture, type Query, tenant } from './support/backends.js';

// Switches a raw transaction to what every storage transaction runs as.
async function enter(query: Query, tenantId: string | null): Promise<void> {
  await query(`set local role ${DEFAULT_APP_ROLE}`);
  if (tenantId !== null) await query('select set_config($1, $2, true)', [TENANT_SETTING, tenantId]);
}

describe.each(BACKENDS)('row-level security on $name', (backend) => {
  let fixture: Fixture;
  const alpha = tenant('alpha');
  const beta = tenant('beta');

  beforeAll(async () => {
    fixture = await backend.open();
    const storage = await fixture.storage();
    for (const tenantId of [alpha, beta]) {
      await storage.transaction(tenantId, async (tx) => {
        await tx.records.put({
          collection: 'secrets',
          id: 'shared-id',
          data: { owner: tenantId },
          expectedVersion: 0,
        });
        await tx.records.put({
          collection: 'secrets',
          id: `${tenantId}-only`,
          data: {},
          expectedVersion: 0,
        });
        return ok(undefined);
      });
    }
  });
  afterAll(() => fixture?.close());

  it('shows an unfiltered query only the rows of the tenant set', async () => {
    const rows = await fixture.transaction(async (query) => {
      await enter(query, alpha);
      return query(`select tenant_id, id from ${RECORDS_TABLE} order by id`);
    });
    expect(rows).toEqual([
      { tenant_id: 'alpha', id: 'alpha-only' },
      { tenant_id: 'alpha', id: 'shared-id' },
    ]);
  });

  it('shows nothing without a tenant setting', async () => {
    const rows = await fixture.transaction(async (query) => {
      await enter(query, null);
      return query(`select * from ${RECORDS_TABLE}`);
    });
    expect(rows).toEqual([]);
  });

  it("refuses to insert, update or delete another tenant's rows", async () => {
    const insert = fixture.transaction(async (query) => {
      await enter(query, alpha);
      return query(
        `insert into ${RECORDS_TABLE} (tenant_id, collection, id, data, version) values ($1, 'secrets', 'planted', '{}', 1)`,
        [beta],
      );
    });
    await expect(insert).rejects.toMatchObject({ code: '42501' });

    const changed = await fixture.transaction(async (query) => {
      await enter(query, alpha);
      const updated = await query(
        `update ${RECORDS_TABLE} set version = version + 1 where tenant_id = $1 returning id`,
        [beta],
      );
      const deleted = await query(
        `delete from ${RECORDS_TABLE} where tenant_id = $1 returning id`,
        [beta],
      );
      // Moving one's own row into another tenant fails the policy's WITH CHECK.
      const moved = await query(`update ${RECORDS_TABLE} set tenant_id = $1 returning id`, [
        beta,
      ]).catch((error: { code?: string }) => error.code);
      return { updated, deleted, moved };
    });
    expect(changed).toEqual({ updated: [], deleted: [], moved: '42501' });
  });

  it('keeps the tenants of the storage apart under the same keys', async () => {
    const storage = await fixture.storage();
    const seen = await storage.transaction(alpha, async (tx) =>
      ok({
        shared: await tx.records.get('secrets', 'shared-id'),
        theirs: await tx.records.get('secrets', 'beta-only'),
        listed: (await tx.records.list('secrets', { limit: 10 })).items.map((record) => record.id),
      }),
    );
    expect(seen._unsafeUnwrap()).toEqual({
      shared: { collection: 'secrets', id: 'shared-id', data: { owner: 'alpha' }, version: 1 },
      theirs: undefined,
      listed: ['alpha-only', 'shared-id'],
    });
  });

  it('stays the connecting user with role null, still filtering by tenant', async () => {
    // The test user is a superuser, which bypasses row-level security: only the explicit tenant
    // filter of every statement separates tenants here, as it must for an owner connection.
    const storage = await fixture.storage({ role: null });
    const seen = await storage.transaction(beta, async (tx) =>
      ok((await tx.records.list('secrets', { limit: 10 })).items.map((record) => record.id)),
    );
    expect(seen._unsafeUnwrap()).toEqual(['beta-only', 'shared-id']);
  });

  it('creates the application role without superuser, login or bypass rights', async () => {
    const roles = await fixture.transaction((query) =>
      query(`select rolsuper, rolcanlogin, rolbypassrls from pg_roles where rolname = $1`, [
        DEFAULT_APP_ROLE,
      ]),
    );
    expect(roles).toEqual([{ rolsuper: false, rolcanlogin: false, rolbypassrls: false }]);
  });
});
