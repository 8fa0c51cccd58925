import type { JsonObject } from '@strongroom/kernel';
import type { Context } from 'hono';
import type { HttpEnv } from '../../http-env.js';
import { principalOf } from '../../middleware/authenticate.js';
import {
  actorOf,
  type RouteDependencies,
  requestIdsOf,
  valueOrProblem,
} from '../route-dependencies.js';

/** What a reader did with the audit log: the operation an `audit.log.accessed` leaf names. */
export type AuditLogAccess =
  | 'entries.list'
  | 'entry.read'
  | 'proof.inclusion'
  | 'proof.consistency'
  | 'checkpoint.read'
  | 'log.verify';

/**
 * Writes an `audit.log.accessed` leaf for a read of the tenant's audit log, before the read is
 * served: PCI DSS v4.0 10.2.1.3 asks that every access to the audit logs be captured, so a read
 * that cannot be recorded is refused (503) rather than served unrecorded.
 */
export async function recordAuditLogAccess(
  c: Context<HttpEnv>,
  dependencies: RouteDependencies,
  operation: AuditLogAccess,
  details: JsonObject = {},
): Promise<void> {
  const principal = principalOf(c);
  const { storage, audit } = dependencies.strongroom;
  const recorded = await storage.transaction(principal.tenantId, (tx) =>
    audit.append(tx, {
      actor: actorOf(principal),
      action: 'audit.log.accessed',
      resource: { type: 'audit.log', id: principal.tenantId },
      outcome: 'succeeded',
      ...requestIdsOf(c),
      details: { operation, ...details },
    }),
  );
  valueOrProblem(recorded);
}
