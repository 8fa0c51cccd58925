import { assert, type TenantId, type TransactionIsolation } from '@strongroom/kernel';
import { TENANT_SETTING } from './schema.js';

// What may be spliced into the statement: a tenant id (already parsed to this shape) and a role
// name. Anything else is a bug, and a quote in either would be an injection.
const TENANT_ID_LITERAL = /^[a-z0-9][a-z0-9_-]*$/;
const ROLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * BEGIN with its isolation level, the application role and the tenant's row-level security
 * setting as one simple-protocol query, so a transaction starts in one round trip. A simple query
 * takes no parameters, so the two values are literals; both are checked against strict patterns
 * first (a parsed `TenantId` always matches), and `set_config(…, true)` ends with the transaction.
 */
export function beginStatement(
  isolation: TransactionIsolation,
  role: string | null,
  tenantId: TenantId,
): string {
  assert(TENANT_ID_LITERAL.test(tenantId), 'a parsed tenant id is a safe SQL literal');
  const level = isolation === 'read_committed' ? 'read committed' : 'serializable';
  const tenant = `set_config('${TENANT_SETTING}', '${tenantId}', true)`;
  if (role === null) return `begin isolation level ${level}; select ${tenant}`;
  assert(ROLE_NAME.test(role), 'the application role is a plain lowercase identifier');
  return `begin isolation level ${level}; select set_config('role', '${role}', true), ${tenant}`;
}
