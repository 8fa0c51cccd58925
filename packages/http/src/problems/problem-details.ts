/** Where every problem `type` URI starts; the rest is the stable error name. */
export const PROBLEM_TYPE_BASE = 'https://strongroom.dev/problems/';

/** The media type of every error response (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * An RFC 9457 problem details object. `type` is a stable URI per error (`…/ledger.account_not_found`);
 * extension members carry the error's own fields (`field`, `reason`), never a submitted value.
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** The request id, so a support ticket can name the exact request. */
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

/** The type URI of an error name (`validation`, `ledger.account_not_found`). */
export function problemType(name: string): string {
  return `${PROBLEM_TYPE_BASE}${name}`;
}

/**
 * A problem raised in a handler or middleware: the app's error handler turns it into the
 * response, so handlers stay on their success path.
 */
export class HttpProblem extends Error {
  /** The response body. */
  readonly problem: ProblemDetails;
  /** Extra response headers (`Retry-After`, `WWW-Authenticate`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(problem: ProblemDetails, headers: Readonly<Record<string, string>> = {}) {
    super(problem.title);
    this.name = 'HttpProblem';
    this.problem = problem;
    this.headers = headers;
  }
}

/** Builds an {@link HttpProblem} for an error name with a status and title. */
export function httpProblem(
  status: number,
  name: string,
  title: string,
  extensions: Readonly<Record<string, unknown>> = {},
  headers: Readonly<Record<string, string>> = {},
): HttpProblem {
  return new HttpProblem({ ...extensions, type: problemType(name), title, status }, headers);
}

/** The response for a problem, with the request id as `instance`. */
export function problemResponse(
  problem: ProblemDetails,
  requestId: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify({ ...problem, instance: requestId }), {
    status: problem.status,
    headers: { ...headers, 'content-type': PROBLEM_MEDIA_TYPE },
  });
}
