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

/**
 * The problem body's text without its `instance`, checked to be the request id first. The id is
 * random, so a test asserting that a short value is not echoed would otherwise fail whenever the
 * id happens to contain it.
 */
export function problemTextWithoutInstance(
  response: Pick<HarnessResponse, 'headers' | 'text'>,
): string {
  const { instance, ...rest } = JSON.parse(response.text);
  expect(instance).toBe(response.headers.get('x-request-id'));
  return JSON.stringify(rest);
}
