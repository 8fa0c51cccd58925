import { z } from '@hono/zod-openapi';
import { PROBLEM_MEDIA_TYPE } from '../problems/problem-details.js';

/** Most items one page returns. */
export const PAGE_SIZE_MAX = 100;

/** An RFC 9457 problem, as every error response carries it. */
export const ProblemSchema = z
  .object({
    type: z
      .string()
      .openapi({ example: 'https://strongroom.dev/problems/ledger.account_not_found' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().openapi({ description: 'The request id' }),
  })
  .catchall(z.unknown())
  .openapi('Problem');

const STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request does not match the documented schema',
  401: 'No valid access token',
  403: 'The caller lacks the permission',
  404: 'Not found in the caller’s tenant',
  409: 'Conflicts with the current state or a running request',
  413: 'Body or batch too large',
  415: 'Not application/json',
  422: 'Well-formed but refused by the domain',
  429: 'Rate limit spent; see Retry-After',
  503: 'A dependency is unavailable; retry',
};

/** The documented error responses of a route, each an RFC 9457 problem. */
export function problemResponses(...statuses: readonly number[]) {
  const responses: Record<
    number,
    { description: string; content: Record<string, { schema: typeof ProblemSchema }> }
  > = {};
  for (const status of statuses) {
    responses[status] = {
      description: STATUS_DESCRIPTIONS[status] ?? 'Error',
      content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } },
    };
  }
  return responses;
}

/** A JSON request body of the given schema, required. */
export function jsonBody<Schema extends z.ZodType>(schema: Schema) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

/** A JSON response of the given schema. */
export function jsonResponse<Schema extends z.ZodType>(schema: Schema, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** `limit` and `cursor` of a paged list. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).optional().openapi({ example: 50 }),
  cursor: z.string().min(1).max(512).optional(),
});

/** Money in minor units as a decimal string: JSON numbers cannot hold every int64. */
export const AmountMinorSchema = z
  .string()
  .regex(/^-?(0|[1-9][0-9]{0,37})$/)
  .openapi({ example: '1250', description: 'Minor units (cents) as a decimal string' });

/** A TypeID with the given prefix (`acc`, `trf`). */
export function typeIdSchema(prefix: string) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}_[0-7][0-9a-hjkmnp-tv-z]{25}$`))
    .openapi({ example: `${prefix}_01h455vb4pex5vsknk084sn02q` });
}

/** The security requirement of every authenticated route. */
export const BEARER_SECURITY = [{ bearerAuth: [] }];
