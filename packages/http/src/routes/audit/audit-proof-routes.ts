import { createRoute } from '@hono/zod-openapi';
import { principalOf } from '../../middleware/authenticate.js';
import { BEARER_SECURITY, jsonResponse, problemResponses } from '../../schemas/common-schemas.js';
import { toWire } from '../../wire/to-wire.js';
import { type HttpApp, type RouteDependencies, valueOrProblem } from '../route-dependencies.js';
import { recordAuditLogAccess } from './audit-access.js';
import {
  ConsistencyProofQuerySchema,
  ConsistencyProofSchema,
  InclusionProofQuerySchema,
  InclusionProofSchema,
  LeafParamsSchema,
} from './audit-schemas.js';

function inclusionRoute(dependencies: RouteDependencies) {
  return createRoute({
    method: 'get',
    path: '/v1/audit/entries/{leafId}/inclusion-proof',
    tags: ['audit'],
    summary: 'Prove an entry is in the tree of a size (needs audit.read)',
    description:
      'Verify it against the root hash of a checkpoint of that size, opened with the log’s vkey.',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('audit.read'),
    request: { params: LeafParamsSchema, query: InclusionProofQuerySchema },
    responses: {
      200: jsonResponse(InclusionProofSchema, 'The inclusion proof'),
      ...problemResponses(400, 401, 403, 404, 422, 429, 503),
    },
  });
}

function consistencyRoute(dependencies: RouteDependencies) {
  return createRoute({
    method: 'get',
    path: '/v1/audit/consistency-proof',
    tags: ['audit'],
    summary: 'Prove the tree of one size extends the tree of a smaller one (needs audit.read)',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('audit.read'),
    request: { query: ConsistencyProofQuerySchema },
    responses: {
      200: jsonResponse(ConsistencyProofSchema, 'The consistency proof'),
      ...problemResponses(400, 401, 403, 422, 429, 503),
    },
  });
}

/** `GET /v1/audit/entries/{leafId}/inclusion-proof` and `GET /v1/audit/consistency-proof`. */
export function registerAuditProofRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const { audit } = dependencies.strongroom;

  app.openapi(inclusionRoute(dependencies), async (c) => {
    const { treeSize } = c.req.valid('query');
    const { leafId } = c.req.valid('param');
    await recordAuditLogAccess(
      c,
      dependencies,
      'proof.inclusion',
      treeSize === undefined ? { leafId } : { leafId, treeSize },
    );
    const proof = valueOrProblem(
      await audit.inclusionProof(principalOf(c).tenantId, leafId, treeSize),
    );
    return c.json(toWire(proof), 200);
  });

  app.openapi(consistencyRoute(dependencies), async (c) => {
    const { from, to } = c.req.valid('query');
    await recordAuditLogAccess(c, dependencies, 'proof.consistency', { from, to });
    const proof = valueOrProblem(await audit.consistencyProof(principalOf(c).tenantId, from, to));
    return c.json({ from, to, proof: [...proof] }, 200);
  });
}
