import type { TenantId } from '@strongroom/kernel';
import type { Kysely } from 'kysely';
import type { ExpectedRow } from './held-back-statement.js';
import { pendingKey } from './pending-keys.js';
import { RECORDS_TABLE, type StrongroomTables } from './schema.js';
import { versionFromInt8 } from './type-parsers.js';

/** Runs one statement of an attempt and maps a driver failure (see `AttemptContext`). */
export type StatementRunner = <Value>(
  operation: string,
  statement: () => Promise<Value>,
) => Promise<Value>;

/** A row a batched statement did not touch: the version asked for and the one found. */
export interface BatchMismatch {
  readonly collection: string;
  readonly id: string;
  readonly expected: number;
  readonly actual: number;
}

/**
 * After a batched insert, update or delete, the first row of `batch` (in queue order) that the statement
 * did not touch, with the version the transaction actually sees; or undefined when every row was
 * touched. The attempt context decides what failure that is (see `AttemptContext.mismatch`).
 */
export async function firstBatchMismatch(
  batch: readonly ExpectedRow[],
  touched: readonly { readonly collection: string; readonly id: string }[],
  statement: {
    transaction: Kysely<StrongroomTables>;
    tenantId: TenantId;
    execute: StatementRunner;
  },
): Promise<BatchMismatch | undefined> {
  if (touched.length === batch.length) return undefined;
  const done = new Set(touched.map((row) => pendingKey(row.collection, row.id)));
  const missed = batch.find(({ collection, id }) => !done.has(pendingKey(collection, id)));
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
  return {
    collection: missed.collection,
    id: missed.id,
    expected: missed.expectedVersion,
    actual: actualVersion,
  };
}
