import type { HttpApp, RouteDependencies } from '../route-dependencies.js';
import { registerAuditCheckpointRoutes } from './audit-checkpoint-routes.js';
import { registerAuditEntryRoutes } from './audit-entry-routes.js';
import { registerAuditProofRoutes } from './audit-proof-routes.js';

/**
 * Registers the audit routes: the tenant's entries, proofs and checkpoints (`audit.read`) and a
 * full verification of its log (`audit.verify`). Every read is itself recorded in the log as an
 * `audit.log.accessed` leaf before it is served (see `recordAuditLogAccess`).
 */
export function registerAuditRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  registerAuditEntryRoutes(app, dependencies);
  registerAuditProofRoutes(app, dependencies);
  registerAuditCheckpointRoutes(app, dependencies);
}
