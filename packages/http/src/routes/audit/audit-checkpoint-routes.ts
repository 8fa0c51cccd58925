import { createRoute } from '@hono/zod-openapi';
import { openCheckpoint, verificationFailed } from '@strongroom/audit';
import { principalOf } from '../../middleware/authenticate.js';
import { domainProblem } from '../../problems/domain-problem.js';
import { httpProblem } from '../../problems/problem-details.js';
import {
  BEARER_SECURITY,
  jsonBody,
  jsonResponse,
  problemResponses,
} from '../../schemas/common-schemas.js';
import { type HttpApp, type RouteDependencies, valueOrProblem } from '../route-dependencies.js';
import { recordAuditLogAccess } from './audit-access.js';
import { CheckpointSchema, VerificationRequestSchema, VerifiedLogSchema } from './audit-schemas.js';

// Lowercase hex, the form of the log's proof hashes.
function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function latestRoute(dependencies: RouteDependencies) {
  return createRoute({
    method: 'get',
    path: '/v1/audit/checkpoints/latest',
    tags: ['audit'],
    summary: 'The latest signed checkpoint of the tenant’s log (needs audit.read)',
    description: 'Not found before the sequencer has integrated the first entry.',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('audit.read'),
    responses: {
      200: jsonResponse(CheckpointSchema, 'The checkpoint'),
      ...problemResponses(401, 403, 404, 422, 429, 503),
    },
  });
}

function verificationRoute(dependencies: RouteDependencies) {
  return createRoute({
    method: 'post',
    path: '/v1/audit/verification',
    tags: ['audit'],
    summary: 'Re-walk the tenant’s whole log against its signed checkpoint (needs audit.verify)',
    description:
      'A log that fails answers 422 `audit.verification_failed` with its `reason` and `firstBadIndex`.',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('audit.verify'),
    request: { body: jsonBody(VerificationRequestSchema) },
    responses: {
      200: jsonResponse(VerifiedLogSchema, 'The log verified'),
      ...problemResponses(400, 401, 403, 415, 422, 429, 503),
    },
  });
}

/** `GET /v1/audit/checkpoints/latest` and `POST /v1/audit/verification`. */
export function registerAuditCheckpointRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const { audit } = dependencies.strongroom;

  app.openapi(latestRoute(dependencies), async (c) => {
    const tenantId = principalOf(c).tenantId;
    await recordAuditLogAccess(c, dependencies, 'checkpoint.read');
    const checkpoint = valueOrProblem(await audit.latestCheckpoint(tenantId));
    if (checkpoint === null) {
      throw httpProblem(404, 'audit.checkpoint_not_found', 'The log has no checkpoint yet');
    }
    // Opened with the log's own keys, so a head edited in the database is never served as signed.
    const opened = openCheckpoint(
      checkpoint,
      audit.signers(tenantId).map((signer) => signer.verifier),
    );
    if (opened.isErr()) throw domainProblem(verificationFailed('checkpoint_signature', null));
    const { origin, treeSize, rootHash } = opened.value;
    return c.json({ checkpoint, origin, treeSize, rootHash: hexOf(rootHash) }, 200);
  });

  app.openapi(verificationRoute(dependencies), async (c) => {
    const { trustedCheckpoint } = c.req.valid('json');
    await recordAuditLogAccess(c, dependencies, 'log.verify');
    const verified = valueOrProblem(
      await audit.verify(
        principalOf(c).tenantId,
        trustedCheckpoint === undefined ? {} : { trustedCheckpoint },
      ),
    );
    return c.json(
      { verified: true as const, treeSize: verified.treeSize, rootHash: hexOf(verified.rootHash) },
      200,
    );
  });
}
