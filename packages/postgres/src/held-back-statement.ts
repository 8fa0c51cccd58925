import type { TenantId } from '@strongroom/kernel';
import type { ShapedStatement } from './compiled-shapes.js';

/** A row a held-back write must touch, at the version it expects (0: the row must not exist). */
export interface ExpectedRow {
  readonly collection: string;
  readonly id: string;
  readonly expectedVersion: number;
}

/**
 * The one statement that sends a queue of held-back writes, returning the key of every row it
 * touched, and the rows it must touch: whatever it leaves out is a mismatch. Shaped, so it can run
 * alone or as one part of a combined statement (`AttemptContext.flush`) and compiles once per
 * row count.
 */
export interface HeldBackStatement extends ShapedStatement {
  readonly expected: readonly ExpectedRow[];
  /** The queue it was taken from, by key (`collection`, NUL, `id`): which keys it writes. */
  readonly keys: ReadonlyMap<string, unknown>;
}

/** The values of a held-back statement: the tenant, then every row's values in order. */
export function tenantRowValues(
  tenantId: TenantId,
  rows: readonly (readonly unknown[])[],
): unknown[] {
  const values: unknown[] = [tenantId];
  for (const row of rows) values.push(...row);
  return values;
}

/**
 * The tenant and rows of values laid out by {@link tenantRowValues}, `width` values a row. While
 * a shape compiles, placeholders stand in for them (see `CompiledShapes`), which is why their
 * types are asserted here rather than known.
 */
export function readTenantRows<Row extends readonly unknown[]>(
  values: readonly unknown[],
  width: number,
): { tenantId: TenantId; rows: Row[] } {
  const rows: Row[] = [];
  for (let start = 1; start < values.length; start += width)
    rows.push(values.slice(start, start + width) as unknown as Row);
  return { tenantId: values[0] as TenantId, rows };
}
