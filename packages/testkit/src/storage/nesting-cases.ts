import { ok } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import { readRecord, type StorageSuiteContext } from './storage-suite-context.js';

/**
 * The documented answer for nested transactions: refused with `storage.nested_transaction`
 * before the inner function runs; the outer transaction is unaffected.
 */
export function defineNestingCases(context: StorageSuiteContext): void {
  it('refuses a transaction started inside another on the same storage, for any tenant', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const otherTenantId = freshTenantId();
    let innerRuns = 0;
    const outer = await storage.transaction(tenantId, async (tx) => {
      await tx.records.put({ collection: 'items', id: 'outer', data: {}, expectedVersion: 0 });
      const inner = async () => {
        innerRuns += 1;
        return ok(innerRuns);
      };
      const sameTenant = await storage.transaction(tenantId, inner);
      const otherTenant = await storage.transaction(otherTenantId, inner);
      return ok([sameTenant.isErr() && sameTenant.error, otherTenant.isErr() && otherTenant.error]);
    });
    expect(outer._unsafeUnwrap()).toEqual([
      { type: 'storage.nested_transaction' },
      { type: 'storage.nested_transaction' },
    ]);
    expect(innerRuns).toBe(0);
    expect(await readRecord(storage, tenantId, 'items', 'outer')).toMatchObject({ version: 1 });
  });

  it('allows sequential transactions after one has finished', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const first = await storage.transaction(tenantId, async () => ok(1));
    const second = await storage.transaction(tenantId, async () => ok(2));
    expect([first._unsafeUnwrap(), second._unsafeUnwrap()]).toEqual([1, 2]);
  });
}
