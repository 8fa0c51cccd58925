import type { HttpApp, RouteDependencies } from '../route-dependencies.js';
import { registerDisputeCommandRoutes } from './dispute-command-routes.js';
import { registerDisputeReadRoutes } from './dispute-read-routes.js';
import { registerProviderNotificationRoutes } from './provider-notification-routes.js';

/**
 * Registers the disputes routes, when the SDK was given disputes options: without them there is
 * no engine to answer, so the routes (and their part of the OpenAPI document) do not exist.
 */
export function registerDisputeRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const disputes = dependencies.strongroom.disputes;
  if (disputes === undefined) return;
  registerDisputeReadRoutes(app, dependencies, disputes);
  registerDisputeCommandRoutes(app, dependencies, disputes);
  registerProviderNotificationRoutes(app, dependencies, disputes);
}
