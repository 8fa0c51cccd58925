/** Longest time one request of the demo may take before it counts as failed. */
const REQUEST_TIMEOUT_MS = 30_000;

/** One answer of the API: its status, headers and parsed JSON body (`undefined` when empty). */
export interface Answer<Body> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
}

/** An RFC 9457 problem as the API answers errors. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
}

/** A step of the story got an answer it did not expect; the message says which and why. */
export class DemoStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoStepError';
  }
}

/** What a request carries besides its method and path. */
export interface RequestOptions {
  /** Sent as JSON. */
  readonly body?: unknown;
  /** The `Idempotency-Key` header: a retry with the same key replays the first answer. */
  readonly idempotencyKey?: string;
  /** The `X-Request-Id` header, which the API writes into the audit entries the request causes. */
  readonly requestId?: string;
}

// Only the problem's type and title are shown: an error body names no submitted value, but the
// demo keeps its messages to what identifies the refusal.
function describe(status: number, body: unknown): string {
  const problem = body as Partial<Problem> | undefined;
  return typeof problem?.type === 'string' ? `${status} ${problem.type}` : `${status}`;
}

/**
 * The demo's HTTP client: `fetch` against the running service, a bearer token once signed in, and
 * `expect`, which turns any answer other than the expected status into a {@link DemoStepError}.
 */
export class DemoClient {
  readonly baseUrl: string;
  #accessToken: string | undefined;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** Sends the access token as `Authorization: Bearer` from now on. */
  signIn(accessToken: string): void {
    this.#accessToken = accessToken;
  }

  /** Sends one request; any status is returned. */
  async request<Body>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<Answer<Body>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (this.#accessToken !== undefined) headers['authorization'] = `Bearer ${this.#accessToken}`;
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    if (options.requestId !== undefined) headers['x-request-id'] = options.requestId;
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    // The API's schemas are the contract: the demo reads the fields it needs from them.
    const body = (text.length === 0 ? undefined : JSON.parse(text)) as Body;
    return { status: response.status, headers: response.headers, body };
  }

  /** Sends one request and fails the step unless the answer has the expected status. */
  async expect<Body>(
    step: string,
    expected: number,
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<Answer<Body>> {
    const answer = await this.request<Body>(method, path, options);
    if (answer.status !== expected) {
      throw new DemoStepError(
        `${step}: ${method} ${path} answered ${describe(answer.status, answer.body)}, expected ${expected}`,
      );
    }
    return answer;
  }
}

/** Fails the step unless `actual` is what the story expects. */
export function check<Value>(step: string, actual: Value, expected: Value): Value {
  if (actual !== expected)
    throw new DemoStepError(`${step}: got ${String(actual)}, expected ${String(expected)}`);
  return actual;
}
