import type { HttpApp, RouteDependencies } from '../route-dependencies.js';
import { registerMfaRoutes } from './mfa-routes.js';
import { registerRegistrationRoutes } from './registration-routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerSigningKeyRoutes } from './signing-key-routes.js';
import { registerUserRoutes } from './user-routes.js';

/** Registers the identity routes under `/v1/identity`. */
export function registerIdentityRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  registerRegistrationRoutes(app, dependencies);
  registerSessionRoutes(app, dependencies);
  registerMfaRoutes(app, dependencies);
  registerUserRoutes(app, dependencies);
  registerSigningKeyRoutes(app, dependencies);
}
