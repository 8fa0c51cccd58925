import { createRoute, z } from '@hono/zod-openapi';
import type { AccountNotFoundError } from '@strongroom/ledger';
import { principalOf } from '../../middleware/authenticate.js';
import { domainProblem } from '../../problems/domain-problem.js';
import {
  BEARER_SECURITY,
  jsonBody,
  jsonResponse,
  problemResponses,
} from '../../schemas/common-schemas.js';
import { toWire } from '../../wire/to-wire.js';
import {
  commandContextOf,
  type HttpApp,
  type RouteDependencies,
  valueOrProblem,
} from '../route-dependencies.js';
import { batchResponses, batchResultsBody } from './ledger-batch.js';
import {
  AccountBatchInputSchema,
  AccountIdSchema,
  AccountInputSchema,
} from './ledger-input-schemas.js';
import { accountInputOf } from './ledger-inputs.js';
import { onlyResult, recordedStatus } from './ledger-outcomes.js';
import { AccountResultSchema, AccountResultsSchema, AccountSchema } from './ledger-wire-schemas.js';

/** The path parameter of every per-account route. */
export const AccountParamsSchema = z.object({ accountId: AccountIdSchema });

/** `POST /v1/ledger/accounts`, `POST /v1/ledger/accounts/batch`, `GET /v1/ledger/accounts/{accountId}`. */
export function registerAccountRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const { ledger } = dependencies.strongroom;

  const create = createRoute({
    method: 'post',
    path: '/v1/ledger/accounts',
    tags: ['ledger'],
    summary: 'Create an account; the same id and content again answers 200 `exists`',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.account.create'),
    request: { body: jsonBody(AccountInputSchema) },
    responses: {
      201: jsonResponse(AccountResultSchema, 'Created'),
      200: jsonResponse(AccountResultSchema, 'Already exists with this content'),
      ...problemResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
    },
  });
  app.openapi(create, async (c) => {
    const input = accountInputOf(c.req.valid('json'));
    const results = await ledger.createAccounts(
      principalOf(c).tenantId,
      [input],
      commandContextOf(c),
    );
    const result = onlyResult(valueOrProblem(results));
    return recordedStatus('account', result.status) === 201
      ? c.json(toWire(result), 201)
      : c.json(toWire(result), 200);
  });

  const batch = createRoute({
    method: 'post',
    path: '/v1/ledger/accounts/batch',
    tags: ['ledger'],
    summary: 'Create accounts (linked chains allowed), one result per input in order',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.account.create'),
    request: { body: jsonBody(AccountBatchInputSchema) },
    responses: batchResponses(AccountResultsSchema, 'One result per input'),
  });
  app.openapi(batch, async (c) => {
    const inputs = c.req.valid('json').accounts.map(accountInputOf);
    return c.json(
      batchResultsBody(
        await ledger.createAccounts(principalOf(c).tenantId, inputs, commandContextOf(c)),
      ),
      200,
    );
  });

  const read = createRoute({
    method: 'get',
    path: '/v1/ledger/accounts/{accountId}',
    tags: ['ledger'],
    summary: 'An account with its current balances',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.read'),
    request: { params: AccountParamsSchema },
    responses: {
      200: jsonResponse(AccountSchema, 'The account'),
      ...problemResponses(400, 401, 403, 404, 429, 503),
    },
  });
  app.openapi(read, async (c) => {
    const { accountId } = c.req.valid('param');
    const [account] = valueOrProblem(
      await ledger.lookupAccounts(principalOf(c).tenantId, [accountId]),
    );
    if (account === undefined || account === null) {
      const notFound: AccountNotFoundError = { type: 'ledger.account_not_found', accountId };
      throw domainProblem(notFound);
    }
    return c.json(toWire(account), 200);
  });
}
