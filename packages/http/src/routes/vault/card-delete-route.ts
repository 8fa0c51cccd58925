import { createRoute } from '@hono/zod-openapi';
import { principalOf } from '../../middleware/authenticate.js';
import { problemResponses } from '../../schemas/common-schemas.js';
import {
  type HttpApp,
  type RouteDependencies,
  requestIdsOf,
  valueOrProblem,
} from '../route-dependencies.js';
import { cardPrincipalOf } from './card-principal.js';
import { cardRouteBase } from './card-route-base.js';
import { CardTokenParamsSchema } from './card-schemas.js';

function deleteRoute(dependencies: RouteDependencies) {
  return createRoute({
    method: 'delete',
    path: '/v1/vault/cards/{token}',
    ...cardRouteBase(dependencies),
    summary: 'Delete a token (needs vault.card.delete)',
    description:
      'Removes the token, its card data and any held security code; the token never works again.',
    request: { params: CardTokenParamsSchema },
    responses: {
      204: { description: 'Deleted' },
      ...problemResponses(400, 401, 403, 404, 429, 503),
    },
  });
}

/** `DELETE /v1/vault/cards/{token}`. */
export function registerCardDeleteRoute(app: HttpApp, dependencies: RouteDependencies): void {
  const cards = dependencies.strongroom.vault.cards;
  app.openapi(deleteRoute(dependencies), async (c) => {
    valueOrProblem(
      await cards.deleteToken(
        principalOf(c).tenantId,
        cardPrincipalOf(c, dependencies.authorization),
        c.req.valid('param').token,
        requestIdsOf(c),
      ),
    );
    return c.body(null, 204);
  });
}
