import { noStore } from '../../middleware/no-store.js';
import { BEARER_SECURITY } from '../../schemas/common-schemas.js';
import type { RouteDependencies } from '../route-dependencies.js';

/**
 * What every card route declares: the vault tag, a bearer token, no caching of what it answers, and
 * the guards without a permission (the vault checks card permissions itself, auditing refusals).
 */
export function cardRouteBase(dependencies: RouteDependencies) {
  return {
    tags: ['vault'],
    security: BEARER_SECURITY,
    middleware: [noStore, ...dependencies.guarded()],
  };
}
