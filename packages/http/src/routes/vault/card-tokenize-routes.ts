import { createRoute } from '@hono/zod-openapi';
import { principalOf } from '../../middleware/authenticate.js';
import { domainProblem } from '../../problems/domain-problem.js';
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
  CardInputSchema,
  cardInputOf,
  TokenizeBatchResultSchema,
  TokenizeBatchSchema,
  TokenizedCardSchema,
} from './card-schemas.js';

function tokenizeRoute(dependencies: RouteDependencies) {
  return createRoute({
    method: 'post',
    path: '/v1/vault/cards',
    ...cardRouteBase(dependencies),
    summary: 'Tokenize a card (needs vault.card.tokenize)',
    description:
      'Returns a random opaque token and the masked card, never the number. A card the tenant already holds returns its existing token (200).',
    request: { body: jsonBody(CardInputSchema) },
    responses: {
      200: jsonResponse(TokenizedCardSchema, 'The tenant already held this card: its token'),
      201: jsonResponse(TokenizedCardSchema, 'Tokenized'),
      ...problemResponses(400, 401, 403, 415, 422, 429, 503),
    },
  });
}

function tokenizeBatchRoute(dependencies: RouteDependencies) {
  return createRoute({
    method: 'post',
    path: '/v1/vault/cards/batch',
    ...cardRouteBase(dependencies),
    summary: 'Tokenize up to 100 cards (needs vault.card.tokenize)',
    description:
      'One result per card, in order: an invalid card fails alone, as a problem in its place.',
    request: { body: jsonBody(TokenizeBatchSchema) },
    responses: {
      200: jsonResponse(TokenizeBatchResultSchema, 'One result per card'),
      ...problemResponses(400, 401, 403, 413, 415, 422, 429, 503),
    },
  });
}

/** `POST /v1/vault/cards` and `POST /v1/vault/cards/batch`. */
export function registerCardTokenizeRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const cards = dependencies.strongroom.vault.cards;

  app.openapi(tokenizeRoute(dependencies), async (c) => {
    const tokenized = valueOrProblem(
      await cards.tokenize(
        principalOf(c).tenantId,
        cardPrincipalOf(c, dependencies.authorization),
        cardInputOf(c.req.valid('json')),
        requestIdsOf(c),
      ),
    );
    const wire = toWire(tokenized);
    if (tokenized.deduplicated) return c.json(wire, 200);
    c.header('location', `/v1/vault/cards/${tokenized.token}`);
    return c.json(wire, 201);
  });

  app.openapi(tokenizeBatchRoute(dependencies), async (c) => {
    const results = valueOrProblem(
      await cards.tokenizeBatch(
        principalOf(c).tenantId,
        cardPrincipalOf(c, dependencies.authorization),
        c.req.valid('json').cards.map(cardInputOf),
        requestIdsOf(c),
      ),
    );
    return c.json(
      {
        results: results.map((result) =>
          result.isOk()
            ? {
                outcome: 'tokenized' as const,
                card: toWire(result.value),
              }
            : { outcome: 'failed' as const, problem: domainProblem(result.error).problem },
        ),
      },
      200,
    );
  });
}
