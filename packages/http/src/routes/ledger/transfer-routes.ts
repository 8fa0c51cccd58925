import { createRoute, z } from '@hono/zod-openapi';
import type { TransferInput, TransferStatus } from '@strongroom/ledger';
import type { Context } from 'hono';
import type { HttpEnv } from '../../http-env.js';
import { principalOf } from '../../middleware/authenticate.js';
import { httpProblem } from '../../problems/problem-details.js';
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
  PostPendingInputSchema,
  TransferBatchInputSchema,
  TransferIdSchema,
  TransferInputSchema,
  VoidPendingInputSchema,
} from './ledger-input-schemas.js';
import {
  postPendingInputOf,
  transferEventOf,
  transferInputOf,
  voidPendingInputOf,
} from './ledger-inputs.js';
import { TransferResultsSchema, TransferSchema } from './ledger-wire-schemas.js';
import { SINGLE_EVENT_RESPONSES, submitEvent } from './submit-event.js';

const PendingParamsSchema = z.object({ pendingId: TransferIdSchema });

/** `POST /v1/ledger/transfers` (+ `/batch`, `/{pendingId}/post`, `/{pendingId}/void`), `GET /v1/ledger/transfers/{transferId}`. */
export function registerTransferRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const { ledger } = dependencies.strongroom;

  const submit = (c: Context<HttpEnv>, input: TransferInput, pathNamed?: TransferStatus) =>
    submitEvent(dependencies, c, transferEventOf(input), pathNamed);

  const create = createRoute({
    method: 'post',
    path: '/v1/ledger/transfers',
    tags: ['ledger'],
    summary:
      'Create one transfer event: plain, pending (with timeoutMs), or a post or void by flags',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.transfer.create'),
    request: { body: jsonBody(TransferInputSchema) },
    responses: SINGLE_EVENT_RESPONSES,
  });
  app.openapi(create, async (c) => {
    return submit(c, transferInputOf(c.req.valid('json')));
  });

  const post = createRoute({
    method: 'post',
    path: '/v1/ledger/transfers/{pendingId}/post',
    tags: ['ledger'],
    summary: 'Post a pending transfer, in full or in part (the rest is released)',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.transfer.create'),
    request: { params: PendingParamsSchema, body: jsonBody(PostPendingInputSchema) },
    responses: SINGLE_EVENT_RESPONSES,
  });
  app.openapi(post, async (c) => {
    const input = postPendingInputOf(c.req.valid('param').pendingId, c.req.valid('json'));
    return submit(c, input, 'pending_transfer_not_found');
  });

  const cancel = createRoute({
    method: 'post',
    path: '/v1/ledger/transfers/{pendingId}/void',
    tags: ['ledger'],
    summary: 'Void a pending transfer: its whole amount is released',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.transfer.create'),
    request: { params: PendingParamsSchema, body: jsonBody(VoidPendingInputSchema) },
    responses: SINGLE_EVENT_RESPONSES,
  });
  app.openapi(cancel, async (c) => {
    const input = voidPendingInputOf(c.req.valid('param').pendingId, c.req.valid('json'));
    return submit(c, input, 'pending_transfer_not_found');
  });

  const batch = createRoute({
    method: 'post',
    path: '/v1/ledger/transfers/batch',
    tags: ['ledger'],
    summary: 'Create transfer events (linked chains allowed), one result per event in order',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.transfer.create'),
    request: { body: jsonBody(TransferBatchInputSchema) },
    responses: batchResponses(TransferResultsSchema, 'One result per event'),
  });
  app.openapi(batch, async (c) => {
    const events = c.req
      .valid('json')
      .transfers.map((body) => transferEventOf(transferInputOf(body)));
    return c.json(
      batchResultsBody(
        await ledger.createTransfers(principalOf(c).tenantId, events, commandContextOf(c)),
      ),
      200,
    );
  });

  const read = createRoute({
    method: 'get',
    path: '/v1/ledger/transfers/{transferId}',
    tags: ['ledger'],
    summary: 'A transfer (journal entries have their own route)',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.read'),
    request: { params: z.object({ transferId: TransferIdSchema }) },
    responses: {
      200: jsonResponse(TransferSchema, 'The transfer'),
      ...problemResponses(400, 401, 403, 404, 429, 503),
    },
  });
  app.openapi(read, async (c) => {
    const { transferId } = c.req.valid('param');
    const [transfer] = valueOrProblem(
      await ledger.lookupTransfers(principalOf(c).tenantId, [transferId]),
    );
    if (transfer === undefined || transfer === null) {
      throw httpProblem(404, 'ledger.transfer_not_found', 'Ledger transfer not found');
    }
    return c.json(toWire(transfer), 200);
  });
}
