import { createRoute } from '@hono/zod-openapi';
import { principalOf } from '../../middleware/authenticate.js';
import { BEARER_SECURITY, jsonResponse, problemResponses } from '../../schemas/common-schemas.js';
import { type HttpApp, type RouteDependencies, valueOrProblem } from '../route-dependencies.js';
import { recordAuditLogAccess } from './audit-access.js';
import {
  EntryPageQuerySchema,
  EntryPageSchema,
  entryOfLeaf,
  LeafParamsSchema,
  SequencedEntrySchema,
} from './audit-schemas.js';

function listRoute(dependencies: RouteDependencies) {
  return createRoute({
    method: 'get',
    path: '/v1/audit/entries',
    tags: ['audit'],
    summary: 'List the tenant’s sequenced audit entries in tree order (needs audit.read)',
    description: 'Entries appear once the sequencer has integrated them into the tree.',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('audit.read'),
    request: { query: EntryPageQuerySchema },
    responses: {
      200: jsonResponse(EntryPageSchema, 'A page of entries'),
      ...problemResponses(400, 401, 403, 429, 503),
    },
  });
}

function entryRoute(dependencies: RouteDependencies) {
  return createRoute({
    method: 'get',
    path: '/v1/audit/entries/{leafId}',
    tags: ['audit'],
    summary: 'One sequenced audit entry and its index (needs audit.read)',
    description: 'Not found until the sequencer has integrated the leaf.',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('audit.read'),
    request: { params: LeafParamsSchema },
    responses: {
      200: jsonResponse(SequencedEntrySchema, 'The entry'),
      ...problemResponses(400, 401, 403, 404, 429, 503),
    },
  });
}

/** `GET /v1/audit/entries` and `GET /v1/audit/entries/{leafId}`. */
export function registerAuditEntryRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const { audit } = dependencies.strongroom;

  app.openapi(listRoute(dependencies), async (c) => {
    const { from = 0, limit = dependencies.pageSizeMax } = c.req.valid('query');
    await recordAuditLogAccess(c, dependencies, 'entries.list', { from, limit });
    const leaves = valueOrProblem(await audit.entries(principalOf(c).tenantId, from, limit));
    return c.json(
      {
        entries: leaves.map(({ index, leaf }) => ({ index, entry: entryOfLeaf(leaf) })),
        next: leaves.length === limit ? from + limit : null,
      },
      200,
    );
  });

  app.openapi(entryRoute(dependencies), async (c) => {
    const { leafId } = c.req.valid('param');
    await recordAuditLogAccess(c, dependencies, 'entry.read', { leafId });
    // The log finds a sequenced leaf by id through its inclusion proof, which carries the leaf.
    const proof = valueOrProblem(await audit.inclusionProof(principalOf(c).tenantId, leafId));
    return c.json({ index: proof.index, entry: entryOfLeaf(proof.leaf) }, 200);
  });
}
