import autocannon from 'autocannon';

/** Connections autocannon keeps open, each with one request in flight (issue #14). */
export const HTTP_CONNECTIONS = 32;
/** Largest share of failed requests a phase may have: a benchmark of errors measures nothing. */
const FAILED_SHARE_MAX = 0.001;

/** One phase of load against one route. */
export interface LoadPlan {
  /** What the phase measures, for progress lines and errors. */
  readonly label: string;
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The one status a correct answer has; any other counts as failed. */
  readonly expectedStatus: number;
  /** A fresh body for each request (unique ids), when the route takes one. */
  readonly body?: () => string;
  /** Sends a fresh `Idempotency-Key` with each request, as a client retrying safely would. */
  readonly idempotencyKeys?: boolean;
  readonly durationSeconds: number;
}

/** What autocannon measured in one phase. */
export interface LoadResult {
  readonly label: string;
  /** Answers with the expected status per second of the phase. */
  readonly requestsPerSecond: number;
  /** Latency percentiles of the 2xx answers, in whole milliseconds (autocannon's resolution). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Every answer received. */
  readonly responses: number;
  /** Answers with another status than the expected one (non-2xx included). */
  readonly unexpected: number;
  /** Answers by status code. */
  readonly statusCounts: Readonly<Record<string, number>>;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly seconds: number;
}

function statusCounts(result: autocannon.Result): Record<string, number> {
  return Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [
      status,
      stats.count ?? 0,
    ]),
  );
}

/** `200 ×41,000, 429 ×3`, the counts of a phase's statuses. */
export function statusSummary(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts);
  if (entries.length === 0) return 'no answers';
  return entries.map(([status, count]) => `${status} ×${count.toLocaleString('en-US')}`).join(', ');
}

/**
 * Runs `plan` with autocannon at {@link HTTP_CONNECTIONS} connections in this process (the server
 * runs in another), and stops the bench when more than 0.1% of the requests failed: a wrong
 * status, a connection error or a timeout.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const { body } = plan;
  const keyed = plan.idempotencyKeys === true;
  const result = await autocannon({
    url: plan.baseUrl,
    connections: HTTP_CONNECTIONS,
    duration: plan.durationSeconds,
    requests: [
      {
        method: plan.method,
        path: plan.path,
        headers: { ...plan.headers },
        ...(body === undefined && !keyed
          ? {}
          : {
              setupRequest: (request) => ({
                ...request,
                ...(body === undefined ? {} : { body: body() }),
                ...(keyed
                  ? { headers: { ...request.headers, 'idempotency-key': crypto.randomUUID() } }
                  : {}),
              }),
            }),
      },
    ],
  });
  const counts = statusCounts(result);
  const expected = counts[String(plan.expectedStatus)] ?? 0;
  const responses = Object.values(counts).reduce((total, count) => total + count, 0);
  const load: LoadResult = {
    label: plan.label,
    requestsPerSecond: expected / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    responses,
    unexpected: responses - expected,
    statusCounts: counts,
    errors: result.errors,
    seconds: result.duration,
  };
  const failed = load.unexpected + load.errors;
  if (failed > FAILED_SHARE_MAX * Math.max(1, responses + load.errors)) {
    throw new Error(
      `http bench: ${plan.label}: ${failed} of ${responses + load.errors} requests failed (${statusSummary(counts)}; ${result.errors} connection errors, ${result.timeouts} timeouts), more than ${FAILED_SHARE_MAX * 100}%`,
    );
  }
  return load;
}
