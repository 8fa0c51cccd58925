import type { TenantId } from '@strongroom/kernel';

/**
 * The values of a shaped statement over one tenant's rows (held-back writes, reads by id): the
 * tenant, then every row's values in order.
 */
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
