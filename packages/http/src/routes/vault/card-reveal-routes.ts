import { createRoute } from '@hono/zod-openapi';
import { assert } from '@strongroom/kernel';
import { principalOf } from '../../middleware/authenticate.js';
import { jsonBody, jsonResponse, problemResponses } from '../../schemas/common-schemas.js';
import { toWire } from '../../wire/to-wire.js';
import {
  type HttpApp,
  type RouteDependencies,
  requestIdsOf,
  valueOrProblem,
} from '../route-dependencies.js';
import { cardPrincipalOf } from './card-principal.js';
import { cardRouteBase } from './card-route-base.js';
import {
  CardTokenParamsSchema,
  DetokenizeSchema,
  MaskedCardSchema,
  RevealedCardSchema,
  RevealQuerySchema,
} from './card-schemas.js';

function maskedRoute(dependencies: RouteDependencies) {
  return createRoute({
    method: 'get',
    path: '/v1/vault/cards/{token}',
    ...cardRouteBase(dependencies),
    summary: 'Reveal a card masked (needs vault.card.reveal_masked)',
    description:
      'BIN, last four, brand and expiry, for a stated purpose that the audit log records.',
    request: { params: CardTokenParamsSchema, query: RevealQuerySchema },
    responses: {
      200: jsonResponse(MaskedCardSchema, 'The masked card'),
      ...problemResponses(400, 401, 403, 404, 422, 429, 503),
    },
  });
}

function detokenizeRoute(dependencies: RouteDependencies) {
  return createRoute({
    method: 'post',
    path: '/v1/vault/cards/{token}/detokenize',
    ...cardRouteBase(dependencies),
    summary: 'Reveal a card masked or in full (vault.card.reveal_masked / vault.card.reveal_full)',
    description:
      'A full reveal returns the card number and cardholder name only once its audit leaf is committed.',
    request: { params: CardTokenParamsSchema, body: jsonBody(DetokenizeSchema) },
    responses: {
      200: jsonResponse(RevealedCardSchema, 'The revealed card'),
      ...problemResponses(400, 401, 403, 404, 415, 422, 429, 503),
    },
  });
}

/** `GET /v1/vault/cards/{token}` and `POST /v1/vault/cards/{token}/detokenize`. */
export function registerCardRevealRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const cards = dependencies.strongroom.vault.cards;

  app.openapi(maskedRoute(dependencies), async (c) => {
    const revealed = valueOrProblem(
      await cards.detokenize(
        principalOf(c).tenantId,
        cardPrincipalOf(c, dependencies.authorization),
        c.req.valid('param').token,
        { purpose: c.req.valid('query').purpose, reveal: 'masked' },
        requestIdsOf(c),
      ),
    );
    assert(revealed.reveal === 'masked', 'a masked reveal returns a masked card');
    return c.json(toWire(revealed), 200);
  });

  app.openapi(detokenizeRoute(dependencies), async (c) => {
    const { purpose, reveal } = c.req.valid('json');
    const revealed = valueOrProblem(
      await cards.detokenize(
        principalOf(c).tenantId,
        cardPrincipalOf(c, dependencies.authorization),
        c.req.valid('param').token,
        reveal === undefined ? { purpose } : { purpose, reveal },
        requestIdsOf(c),
      ),
    );
    return c.json(toWire(revealed), 200);
  });
}
