import { createRoute } from '@hono/zod-openapi';
import type { DisputeListQuery, Disputes } from '@strongroom/disputes';
import { assert, parsePageRequest, type TenantId } from '@strongroom/kernel';
import { principalOf } from '../../middleware/authenticate.js';
import { BEARER_SECURITY, jsonResponse, problemResponses } from '../../schemas/common-schemas.js';
import { toWire } from '../../wire/to-wire.js';
import { type HttpApp, type RouteDependencies, valueOrProblem } from '../route-dependencies.js';
import { disputeIdOf, foundFor } from './dispute-problems.js';
import {
  DisputeDeadlineQuerySchema,
  DisputeListQuerySchema,
  DisputeParamsSchema,
  TimelineQuerySchema,
} from './dispute-request-schemas.js';
import { disputeView } from './dispute-view.js';
import {
  DisputePageSchema,
  DisputeSchema,
  DisputeTimelineSchema,
  EvidenceChecklistSchema,
} from './dispute-view-schemas.js';

/** The permission every dispute read needs. */
export const DISPUTES_READ = 'disputes.read';

/** Items a page holds when the client does not say. */
const PAGE_SIZE_DEFAULT = 50;

function readRoute<Config extends Parameters<typeof createRoute>[0]>(
  dependencies: RouteDependencies,
  config: Config,
) {
  return createRoute({
    ...config,
    tags: ['disputes'],
    security: BEARER_SECURITY,
    middleware: dependencies.guarded(DISPUTES_READ),
  });
}

/** The dispute reads: lists by status, merchant and deadline, one dispute, its timeline and checklist. */
export function registerDisputeReadRoutes(
  app: HttpApp,
  dependencies: RouteDependencies,
  disputes: Disputes,
): void {
  const listPage = async (
    tenantId: TenantId,
    query: DisputeListQuery,
    page: { readonly limit?: number | undefined; readonly cursor?: string | undefined },
  ) => {
    const request = valueOrProblem(
      parsePageRequest({ limit: page.limit ?? PAGE_SIZE_DEFAULT, after: page.cursor }),
    );
    const listed = valueOrProblem(await disputes.list(tenantId, query, request));
    return { items: listed.items.map(disputeView), next: listed.next };
  };

  app.openapi(
    readRoute(dependencies, {
      method: 'get',
      path: '/v1/disputes',
      summary: 'Disputes by status or by merchant account, oldest first, paged',
      request: { query: DisputeListQuerySchema },
      responses: {
        200: jsonResponse(DisputePageSchema, 'A page of disputes'),
        ...problemResponses(400, 401, 403, 422, 429),
      },
    }),
    async (c) => {
      const { status, merchantAccountId, limit, cursor } = c.req.valid('query');
      let query: DisputeListQuery;
      if (status !== undefined) query = { by: 'status', status };
      else {
        assert(merchantAccountId !== undefined, 'the query schema lets status or merchant through');
        query = { by: 'merchant', merchantAccountId };
      }
      return c.json(await listPage(principalOf(c).tenantId, query, { limit, cursor }), 200);
    },
  );

  // Registered before `/{disputeId}` so that the static segment is never read as an id.
  app.openapi(
    readRoute(dependencies, {
      method: 'get',
      path: '/v1/disputes/deadlines',
      summary: 'Open disputes due for a response by an instant, soonest first, paged',
      request: { query: DisputeDeadlineQuerySchema },
      responses: {
        200: jsonResponse(DisputePageSchema, 'A page of disputes, soonest deadline first'),
        ...problemResponses(400, 401, 403, 422, 429),
      },
    }),
    async (c) => {
      const { before, limit, cursor } = c.req.valid('query');
      const query: DisputeListQuery = {
        by: 'deadline',
        ...(before === undefined ? {} : { dueBefore: new Date(before) }),
      };
      return c.json(await listPage(principalOf(c).tenantId, query, { limit, cursor }), 200);
    },
  );

  app.openapi(
    readRoute(dependencies, {
      method: 'get',
      path: '/v1/disputes/{disputeId}',
      summary: 'One dispute as its last command left it',
      request: { params: DisputeParamsSchema },
      responses: {
        200: jsonResponse(DisputeSchema, 'The dispute'),
        ...problemResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const disputeId = disputeIdOf(c.req.valid('param').disputeId);
      const dispute = valueOrProblem(await disputes.get(principalOf(c).tenantId, disputeId));
      return c.json(disputeView(foundFor(dispute, disputeId)), 200);
    },
  );

  app.openapi(
    readRoute(dependencies, {
      method: 'get',
      path: '/v1/disputes/{disputeId}/timeline',
      summary: 'Every event of a dispute in order, with its actor and times, paged by version',
      request: { params: DisputeParamsSchema, query: TimelineQuerySchema },
      responses: {
        200: jsonResponse(DisputeTimelineSchema, 'Events of the dispute, oldest first'),
        ...problemResponses(400, 401, 403, 404, 422, 429),
      },
    }),
    async (c) => {
      const disputeId = disputeIdOf(c.req.valid('param').disputeId);
      const { fromVersion, limit = PAGE_SIZE_DEFAULT } = c.req.valid('query');
      const { tenantId } = principalOf(c);
      const entries = valueOrProblem(
        await disputes.timeline(tenantId, disputeId, {
          limit,
          ...(fromVersion === undefined ? {} : { fromVersion }),
        }),
      );
      // An empty page is the end of a known dispute's history, or a dispute the tenant lacks.
      if (entries.length === 0)
        foundFor(valueOrProblem(await disputes.get(tenantId, disputeId)), disputeId);
      const last = entries.at(-1);
      return c.json(
        {
          items: toWire(entries),
          nextFromVersion: entries.length === limit && last !== undefined ? last.version + 1 : null,
        },
        200,
      );
    },
  );

  app.openapi(
    readRoute(dependencies, {
      method: 'get',
      path: '/v1/disputes/{disputeId}/checklist',
      summary:
        'What the reason code asks for as evidence, and what the staged evidence still misses',
      request: { params: DisputeParamsSchema },
      responses: {
        200: jsonResponse(EvidenceChecklistSchema, 'The evidence checklist'),
        ...problemResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const disputeId = disputeIdOf(c.req.valid('param').disputeId);
      const checklist = valueOrProblem(
        await disputes.checklist(principalOf(c).tenantId, disputeId),
      );
      return c.json(toWire(foundFor(checklist, disputeId)), 200);
    },
  );
}
