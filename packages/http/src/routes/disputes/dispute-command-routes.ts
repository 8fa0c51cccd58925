import { createRoute, type z } from '@hono/zod-openapi';
import type {
  DisputeCommand,
  DisputeCommandBase,
  Disputes,
  OpenDisputeCommand,
} from '@strongroom/disputes';
import { type Id, parseId } from '@strongroom/kernel';
import type { Context } from 'hono';
import type { HttpEnv } from '../../http-env.js';
import { principalOf } from '../../middleware/authenticate.js';
import {
  BEARER_SECURITY,
  jsonBody,
  jsonResponse,
  problemResponses,
} from '../../schemas/common-schemas.js';
import {
  commandContextOf,
  type HttpApp,
  type RouteDependencies,
  valueOrProblem,
} from '../route-dependencies.js';
import { disputeIdOf, disputeValueOrProblem, foundFor } from './dispute-problems.js';
import {
  DisputeParamsSchema,
  EmptyRequestSchema,
  OpenDisputeRequestSchema,
  StageEvidenceRequestSchema,
} from './dispute-request-schemas.js';
import { disputeView } from './dispute-view.js';
import { DisputeSchema } from './dispute-view-schemas.js';

/** The permissions of the dispute commands a merchant's operator sends. */
export const DISPUTE_COMMAND_PERMISSIONS = {
  open: 'disputes.dispute.open',
  stageEvidence: 'disputes.evidence.stage',
  submitEvidence: 'disputes.evidence.submit',
  accept: 'disputes.dispute.accept',
} as const;

// Commands from the API are the merchant's requests: the state machine refuses what its state
// does not allow (409), and a merchant can never move money by itself.
const MERCHANT = { kind: 'merchant' } as const;

function openCommand(
  body: z.infer<typeof OpenDisputeRequestSchema>,
  base: DisputeCommandBase,
): OpenDisputeCommand {
  const opening = {
    ...base,
    transferId: valueOrProblem(parseId('trf', body.transferId)),
    merchantAccountId: valueOrProblem(parseId('acc', body.merchantAccountId)),
    network: body.network,
    reasonCode: body.reasonCode,
    amount: { amountMinor: body.amountMinor, currency: body.currency },
    transactionDate: body.transactionDate,
    ...(body.providerReference === undefined ? {} : { providerReference: body.providerReference }),
    ...(body.responseDueAt === undefined
      ? {}
      : { deadline: { kind: 'due', dueAt: body.responseDueAt, source: 'provider' } as const }),
  };
  return body.kind === 'chargeback'
    ? { ...opening, type: 'open_chargeback', withdrawsFunds: body.withdrawsFunds }
    : { ...opening, type: 'open_inquiry' };
}

/** The dispute commands: open, stage and submit evidence, accept the loss. */
export function registerDisputeCommandRoutes(
  app: HttpApp,
  dependencies: RouteDependencies,
  disputes: Disputes,
): void {
  const baseOf = (disputeId: Id<'dsp'>): DisputeCommandBase => ({
    disputeId,
    occurredAt: dependencies.strongroom.clock.now().toISOString(),
    source: MERCHANT,
  });
  const run = async (c: Context<HttpEnv>, command: DisputeCommand) => {
    const outcome = disputeValueOrProblem(
      await disputes.execute(principalOf(c).tenantId, command, commandContextOf(c)),
    );
    return disputeView(foundFor(outcome.dispute, command.disputeId));
  };
  // A command on an existing dispute: 200 with the dispute as the command left it.
  const commandRoute = <Body extends z.ZodType>(
    permission: string,
    path: `/v1/disputes/{disputeId}/${string}`,
    summary: string,
    body: Body,
  ) =>
    createRoute({
      method: 'post',
      path,
      tags: ['disputes'],
      summary,
      security: BEARER_SECURITY,
      middleware: dependencies.guarded(permission),
      request: { params: DisputeParamsSchema, body: jsonBody(body) },
      responses: {
        200: jsonResponse(DisputeSchema, 'The dispute after the command'),
        ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
      },
    });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/disputes',
      tags: ['disputes'],
      summary:
        'Opens a chargeback or inquiry against a ledger transfer; a chargeback that withdrew funds posts them',
      security: BEARER_SECURITY,
      middleware: dependencies.guarded(DISPUTE_COMMAND_PERMISSIONS.open),
      request: { body: jsonBody(OpenDisputeRequestSchema) },
      responses: {
        201: jsonResponse(DisputeSchema, 'The dispute opened'),
        ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const disputeId = body.id === undefined ? disputes.newDisputeId() : disputeIdOf(body.id);
      const view = await run(c, openCommand(body, baseOf(disputeId)));
      c.header('location', `/v1/disputes/${disputeId}`);
      return c.json(view, 201);
    },
  );

  app.openapi(
    commandRoute(
      DISPUTE_COMMAND_PERMISSIONS.stageEvidence,
      '/v1/disputes/{disputeId}/evidence',
      'Stages evidence for the current stage; an item replaces a staged one of its field',
      StageEvidenceRequestSchema,
    ),
    async (c) => {
      const id = disputeIdOf(c.req.valid('param').disputeId);
      const { items } = c.req.valid('json');
      return c.json(await run(c, { ...baseOf(id), type: 'stage_evidence', items }), 200);
    },
  );

  app.openapi(
    commandRoute(
      DISPUTE_COMMAND_PERMISSIONS.submitEvidence,
      '/v1/disputes/{disputeId}/submit',
      'Submits the staged evidence as the response of the current stage (once per stage)',
      EmptyRequestSchema,
    ),
    async (c) => {
      const id = disputeIdOf(c.req.valid('param').disputeId);
      return c.json(await run(c, { ...baseOf(id), type: 'submit_evidence' }), 200);
    },
  );

  app.openapi(
    commandRoute(
      DISPUTE_COMMAND_PERMISSIONS.accept,
      '/v1/disputes/{disputeId}/accept',
      'Accepts the loss: the dispute ends lost and the disputed funds are written off',
      EmptyRequestSchema,
    ),
    async (c) => {
      const id = disputeIdOf(c.req.valid('param').disputeId);
      return c.json(await run(c, { ...baseOf(id), type: 'accept' }), 200);
    },
  );
}
