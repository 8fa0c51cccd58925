import { createRoute, z } from '@hono/zod-openapi';
import type { Result, TenantId } from '@strongroom/kernel';
import type {
  AccountPageOptions,
  BalanceOptions,
  LedgerPage,
  LedgerQueryError,
} from '@strongroom/ledger';
import { principalOf } from '../../middleware/authenticate.js';
import {
  BEARER_SECURITY,
  jsonResponse,
  PageQuerySchema,
  problemResponses,
} from '../../schemas/common-schemas.js';
import { toWire } from '../../wire/to-wire.js';
import { type HttpApp, type RouteDependencies, valueOrProblem } from '../route-dependencies.js';
import { AccountParamsSchema } from './account-routes.js';
import {
  AccountBalanceSchema,
  MovementPageSchema,
  StatementPageSchema,
} from './ledger-wire-schemas.js';

const BalanceQuerySchema = z.object({
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'The instant to read the balances at; absent = now' }),
  by: z.enum(['insertion', 'effective']).optional().openapi({
    description:
      '`insertion` (default): as the ledger stood then; `effective`: as the books say it stood (backdated transfers included)',
  }),
});

function balanceOptionsOf(query: z.output<typeof BalanceQuerySchema>): BalanceOptions {
  return {
    ...(query.at === undefined ? {} : { at: new Date(query.at) }),
    ...(query.by === undefined
      ? {}
      : { basis: query.by === 'insertion' ? 'inserted' : 'effective' }),
  };
}

function pageOptionsOf(query: z.output<typeof PageQuerySchema>): AccountPageOptions {
  return {
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.cursor === undefined ? {} : { after: query.cursor }),
  };
}

/** An account's balance (now or at an instant), its statement and the movements that touched it. */
export function registerAccountHistoryRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const { ledger } = dependencies.strongroom;

  const balance = createRoute({
    method: 'get',
    path: '/v1/ledger/accounts/{accountId}/balance',
    tags: ['ledger'],
    summary: 'An account’s balances now, or at an instant by insertion or effective time',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.read'),
    request: { params: AccountParamsSchema, query: BalanceQuerySchema },
    responses: {
      200: jsonResponse(AccountBalanceSchema, 'The balances'),
      ...problemResponses(400, 401, 403, 404, 422, 429, 503),
    },
  });
  // The benchmark's hot path: one ledger read (the account record) when no instant is given.
  app.openapi(balance, async (c) => {
    const { accountId } = c.req.valid('param');
    const options = balanceOptionsOf(c.req.valid('query'));
    const found = await ledger.balance(principalOf(c).tenantId, accountId, options);
    return c.json(toWire(valueOrProblem(found)), 200);
  });

  registerAccountPage(app, dependencies, {
    path: '/v1/ledger/accounts/{accountId}/statement',
    summary: 'A page of an account’s statement, oldest line first, with the running balance',
    schema: StatementPageSchema,
    description: 'A page of statement lines',
    read: (tenantId, accountId, options) => ledger.statement(tenantId, accountId, options),
  });
  registerAccountPage(app, dependencies, {
    path: '/v1/ledger/accounts/{accountId}/transfers',
    summary: 'A page of the transfers and journal entries that moved an account',
    schema: MovementPageSchema,
    description: 'A page of movements',
    read: (tenantId, accountId, options) => ledger.transfersByAccount(tenantId, accountId, options),
  });
}

/** One paged read of an account's history, as a route. */
interface AccountPage<Item> {
  readonly path: string;
  readonly summary: string;
  readonly schema: z.ZodType;
  readonly description: string;
  readonly read: (
    tenantId: TenantId,
    accountId: string,
    options: AccountPageOptions,
  ) => Promise<Result<LedgerPage<Item>, LedgerQueryError>>;
}

// The statement and the movements are the same paged read of one account, in two shapes.
function registerAccountPage<Item>(
  app: HttpApp,
  dependencies: RouteDependencies,
  page: AccountPage<Item>,
): void {
  const route = createRoute({
    method: 'get',
    path: page.path,
    tags: ['ledger'],
    summary: page.summary,
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.read'),
    request: { params: AccountParamsSchema, query: PageQuerySchema },
    responses: {
      200: jsonResponse(page.schema, page.description),
      ...problemResponses(400, 401, 403, 404, 422, 429, 503),
    },
  });
  app.openapi(route, async (c) => {
    const { accountId } = c.req.valid('param');
    const options = pageOptionsOf(c.req.valid('query'));
    const found = valueOrProblem(await page.read(principalOf(c).tenantId, accountId, options));
    return c.json(toWire({ items: found.items, nextCursor: found.next }), 200);
  });
}
