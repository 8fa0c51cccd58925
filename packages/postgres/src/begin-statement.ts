import { assert, type TenantId, type TransactionIsolation } from '@strongroom/kernel';
import { TENANT_SETTING } from './schema.js';

// What may be spliced into the statement: a tenant id (already parsed to this shape) and a role
// name. Anything else is a bug, and a quote in either would be an injection.
const TENANT_ID_LITERAL = /^[a-z0-9][a-z0-9_-]*$/;
const ROLE_NAME = /^[a-z_][a-z0-9_]*$/;

// Every statement the storage prepares reaches rows through the primary key: probes of a list of
// ids, a key range in id order. For those the generic plan is the plan, yet under the default
// (`auto`) Postgres keeps planning the id-list probes afresh at every execution, because it prices
// the generic plan of `unnest($1)` at 100 ids whatever the list holds; planning was a quarter of
// the server's CPU per sign-in. Set for the transaction only, so a host's own queries on a shared
// pool keep the default.
const GENERIC_PLANS = `set_config('plan_cache_mode', 'force_generic_plan', true)`;

/**
 * BEGIN with its isolation level, the application role, the tenant's row-level security setting
 * and generic plans for prepared statements as one simple-protocol query, so a transaction starts
 * in one round trip. A simple query takes no parameters, so the two values are literals; both are
 * checked against strict patterns first (a parsed `TenantId` always matches), and
 * `set_config(…, true)` ends with the transaction.
 */
export function beginStatement(
  isolation: TransactionIsolation,
  role: string | null,
  tenantId: TenantId,
): string {
  assert(TENANT_ID_LITERAL.test(tenantId), 'a parsed tenant id is a safe SQL literal');
  const level = isolation === 'read_committed' ? 'read committed' : 'serializable';
  const settings = `set_config('${TENANT_SETTING}', '${tenantId}', true), ${GENERIC_PLANS}`;
  if (role === null) return `begin isolation level ${level}; select ${settings}`;
  assert(ROLE_NAME.test(role), 'the application role is a plain lowercase identifier');
  return `begin isolation level ${level}; select set_config('role', '${role}', true), ${settings}`;
}
