import { createRoute, z } from '@hono/zod-openapi';
import { principalOf } from '../../middleware/authenticate.js';
import {
  BEARER_SECURITY,
  jsonResponse,
  PAGE_SIZE_MAX,
  problemResponses,
} from '../../schemas/common-schemas.js';
import { toWire } from '../../wire/to-wire.js';
import { type HttpApp, type RouteDependencies, valueOrProblem } from '../route-dependencies.js';
import { AggregateBalancesSchema } from './ledger-wire-schemas.js';

const ACCOUNT_ID = 'acc_[0-7][0-9a-hjkmnp-tv-z]{25}';

const AggregateQuerySchema = z.object({
  accountIds: z
    .string()
    .regex(new RegExp(`^${ACCOUNT_ID}(,${ACCOUNT_ID}){0,${PAGE_SIZE_MAX - 1}}$`))
    .openapi({
      description: `1 to ${PAGE_SIZE_MAX} comma-separated account ids`,
      example: 'acc_01h455vb4pex5vsknk084sn02q,acc_01h455vb4pex5vsknk084sn02r',
    }),
});

/** `GET /v1/ledger/balances?accountIds=…`: current balances summed per currency. */
export function registerAggregateBalanceRoutes(
  app: HttpApp,
  dependencies: RouteDependencies,
): void {
  const aggregate = createRoute({
    method: 'get',
    path: '/v1/ledger/balances',
    tags: ['ledger'],
    summary: 'Current balances of a set of accounts summed per currency (never across currencies)',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.read'),
    request: { query: AggregateQuerySchema },
    responses: {
      200: jsonResponse(AggregateBalancesSchema, 'One total per currency, by currency code'),
      ...problemResponses(400, 401, 403, 404, 429, 503),
    },
  });
  app.openapi(aggregate, async (c) => {
    const accountIds = c.req.valid('query').accountIds.split(',');
    const totals = await dependencies.strongroom.ledger.aggregateBalances(
      principalOf(c).tenantId,
      accountIds,
    );
    return c.json({ totals: toWire(valueOrProblem(totals)) }, 200);
  });
}
