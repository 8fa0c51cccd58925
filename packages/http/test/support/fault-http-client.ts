/** The problem type URIs' common prefix. */
const PROBLEM_TYPE_PREFIX = 'https://strongroom.dev/problems/';

/** What one attempt of a request came back with. */
export type FaultAttempt =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** The problem's type without the URI prefix, for problem responses. */
      readonly problemType: string | undefined;
      readonly retryAfterSeconds: number | undefined;
      /** `Idempotency-Replayed: true`: the stored response of an earlier attempt. */
      readonly replayed: boolean;
      // biome-ignore lint/suspicious/noExplicitAny: the checks read arbitrary response shapes
      readonly body: any;
    }
  | { readonly kind: 'network' }
  | { readonly kind: 'timeout' };

/** How a client retries: every number bounded, so a broken server cannot keep a test running. */
export interface FaultRetryPolicy {
  readonly attemptsMax: number;
  /** A request still unanswered after this long is abandoned (and counted as a hang). */
  readonly requestTimeoutMs: number;
  /** `Retry-After` is honoured up to this long. */
  readonly retryAfterMaxMs: number;
  /** The first pause after a network error; doubled on each further one, up to the maximum. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

/** One HTTP request as the fault clients send it, again and again with the same content. */
export interface FaultRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** The final attempt of a request and every attempt before it. */
export interface FaultExchange {
  readonly final: FaultAttempt;
  readonly attempts: readonly FaultAttempt[];
}

// Whether a client should send the request again: the answer says nothing final yet.
function isRetryable(attempt: FaultAttempt): boolean {
  if (attempt.kind !== 'response') return true;
  if (attempt.status >= 500 || attempt.status === 429) return true;
  return attempt.status === 409 && attempt.problemType === 'idempotency.request_in_progress';
}

function retryAfterSecondsOf(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (value === null || !/^\d{1,4}$/.test(value)) return undefined;
  return Number(value);
}

async function attemptOnce(request: FaultRequest, timeoutMs: number): Promise<FaultAttempt> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      signal: AbortSignal.timeout(timeoutMs),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    text = await response.text();
  } catch (error) {
    return error instanceof DOMException && error.name === 'TimeoutError'
      ? { kind: 'timeout' }
      : { kind: 'network' };
  }
  let body: unknown;
  try {
    body = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const type = (body as { type?: unknown } | undefined)?.type;
  return {
    kind: 'response',
    status: response.status,
    problemType:
      typeof type === 'string' && type.startsWith(PROBLEM_TYPE_PREFIX)
        ? type.slice(PROBLEM_TYPE_PREFIX.length)
        : undefined,
    retryAfterSeconds: retryAfterSecondsOf(response.headers),
    replayed: response.headers.get('idempotency-replayed') === 'true',
    body,
  };
}

// Honours Retry-After (bounded), else backs off exponentially; a random share spreads the clients.
function pauseMs(attempt: FaultAttempt, retries: number, policy: FaultRetryPolicy): number {
  const jitterMs = Math.floor(Math.random() * policy.backoffBaseMs);
  if (attempt.kind === 'response' && attempt.retryAfterSeconds !== undefined) {
    return Math.min(attempt.retryAfterSeconds * 1000, policy.retryAfterMaxMs) + jitterMs;
  }
  return Math.min(policy.backoffBaseMs * 2 ** retries, policy.backoffMaxMs) + jitterMs;
}

/** Sends `request` until its answer is final or `attemptsMax` attempts were made. */
export async function sendWithRetries(
  request: FaultRequest,
  policy: FaultRetryPolicy,
): Promise<FaultExchange> {
  const attempts: FaultAttempt[] = [];
  for (;;) {
    const attempt = await attemptOnce(request, policy.requestTimeoutMs);
    attempts.push(attempt);
    if (!isRetryable(attempt) || attempts.length >= policy.attemptsMax) {
      return { final: attempt, attempts };
    }
    await new Promise((resolve) =>
      setTimeout(resolve, pauseMs(attempt, attempts.length - 1, policy)),
    );
  }
}
