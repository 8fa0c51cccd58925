import type { HttpApp, RouteDependencies } from '../route-dependencies.js';
import { registerCardDeleteRoute } from './card-delete-route.js';
import { registerCardRevealRoutes } from './card-reveal-routes.js';
import { registerCardTokenizeRoutes } from './card-tokenize-routes.js';

/**
 * Registers the card vault routes. They take any signed-in caller: the vault checks the card
 * permissions itself, so every refusal is audited like every success.
 */
export function registerVaultRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  registerCardTokenizeRoutes(app, dependencies);
  registerCardRevealRoutes(app, dependencies);
  registerCardDeleteRoute(app, dependencies);
}
