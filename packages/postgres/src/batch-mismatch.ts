import type { TenantId } from '@strongroom/kernel';
import { type StorageFailure, versionMismatch } from '@strongroom/kernel/adapter';
import type { Transaction } from 'kysely';
import { RECORDS_TABLE, type StrongroomTables } from './schema.js';
import { versionFromInt8 } from './type-parsers.js';

/** Runs one statement of an attempt and maps a driver failure (see `AttemptContext`). */
export type StatementRunner = <Value>(
  operation: string,
  statement: () => Promise<Value>,
) => Promise<Value>;

/**
 * After a batched insert or delete, the version mismatch of the first row of `batch` (in queue
 * order) that the statement did not touch, with the version the transaction actually sees; or
 * undefined when every row was touched.
 */
export async function firstBatchMismatch(
  batch: readonly {
    readonly collection: string;
    readonly id: string;
    readonly expectedVersion: number;
  }[],
  touched: readonly { readonly collection: string; readonly id: string }[],
  statement: {
    transaction: Transaction<StrongroomTables>;
    tenantId: TenantId;
    execute: StatementRunner;
  },
): Promise<StorageFailure | undefined> {
  if (touched.length === batch.length) return undefined;
  const done = new Set(touched.map((row) => `${row.collection}\u0000${row.id}`));
  const missed = batch.find(({ collection, id }) => !done.has(`${collection}\u0000${id}`));
  if (missed === undefined) return undefined;
  const { transaction, tenantId, execute } = statement;
  const row = await execute('records.version', () =>
    transaction
      .selectFrom(RECORDS_TABLE)
      .where('tenant_id', '=', tenantId)
      .where('collection', '=', missed.collection)
      .where('id', '=', missed.id)
      .select('version')
      .executeTakeFirst(),
  );
  const actualVersion = row === undefined ? 0 : versionFromInt8(row.version);
  return versionMismatch(missed.collection, missed.id, missed.expectedVersion, actualVersion);
}
