import type { z } from '@hono/zod-openapi';
import type { DomainError, Result } from '@strongroom/kernel';
import { jsonResponse, problemResponses } from '../../schemas/common-schemas.js';
import { toWire, type Wire } from '../../wire/to-wire.js';
import { valueOrProblem } from '../route-dependencies.js';

/** The responses of a batch route: 200 with one result per input, or the whole batch's problem. */
export function batchResponses<Schema extends z.ZodType>(
  resultsSchema: Schema,
  description: string,
) {
  return {
    200: jsonResponse(resultsSchema, description),
    ...problemResponses(400, 401, 403, 413, 415, 422, 429, 503),
  };
}

/** A batch's results on the wire, in input order; a refused batch throws its problem. */
export function batchResultsBody<Value, Failure extends DomainError>(
  results: Result<readonly Value[], Failure>,
): { results: Wire<readonly Value[]> } {
  return { results: toWire(valueOrProblem(results)) };
}
