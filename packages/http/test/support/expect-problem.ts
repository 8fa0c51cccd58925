import { expect } from 'vitest';
import { PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE } from '../../src/problems/problem-details.js';
import type { HarnessResponse } from './http-harness.js';

/**
 * Asserts that `response` is the RFC 9457 problem `name` with `status` (status line, media type,
 * type URI, body status, and the request id as its instance), and returns its body for the
 * assertions particular to a test.
 */
export function expectProblem(
  response: Pick<HarnessResponse, 'status' | 'headers' | 'body'>,
  status: number,
  name: string,
): HarnessResponse['body'] {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe(PROBLEM_MEDIA_TYPE);
  expect(response.body).toMatchObject({ type: `${PROBLEM_TYPE_BASE}${name}`, status });
  expect(response.body.instance).toBe(response.headers.get('x-request-id'));
  return response.body;
}
