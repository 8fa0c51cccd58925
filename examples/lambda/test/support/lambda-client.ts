import { httpApiEvent } from '../../src/api-gateway-event.js';
import type { LambdaHandlers } from '../../src/lambda-handlers.js';
import { responseOf } from '../../src/lambda-response.js';

/** One answer of the API: its status, headers and parsed JSON body (`undefined` when empty). */
export interface Answer<Body> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
}

/** What a request carries besides its method and path. */
export interface RequestOptions {
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly requestId?: string;
}

/**
 * A client of the API that never opens a socket: each request becomes the API Gateway HTTP API
 * v2 event Lambda would receive, the handler is invoked with it, and its result is read back as
 * API Gateway would send it. A bearer token is sent once `signIn` has been called.
 */
export class LambdaClient {
  readonly #handler: LambdaHandlers['handler'];
  readonly #sourceIp: string;
  #accessToken: string | undefined;

  constructor(handler: LambdaHandlers['handler'], sourceIp = '198.51.100.7') {
    this.#handler = handler;
    this.#sourceIp = sourceIp;
  }

  /** Sends the access token as `Authorization: Bearer` from now on. */
  signIn(accessToken: string): void {
    this.#accessToken = accessToken;
  }

  /** Invokes the handler with one request; any status is returned. */
  async request<Body>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<Answer<Body>> {
    const headers = new Headers({ accept: 'application/json', 'user-agent': 'lambda-story' });
    if (options.body !== undefined) headers.set('content-type', 'application/json');
    if (this.#accessToken !== undefined)
      headers.set('authorization', `Bearer ${this.#accessToken}`);
    if (options.idempotencyKey !== undefined)
      headers.set('idempotency-key', options.idempotencyKey);
    if (options.requestId !== undefined) headers.set('x-request-id', options.requestId);
    const request = new Request(new URL(path, 'https://api.strongroom.example'), {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const event = await httpApiEvent(request, {
      sourceIp: this.#sourceIp,
      requestId: crypto.randomUUID(),
      now: new Date(),
    });
    const response = responseOf(await this.#handler(event));
    const text = await response.text();
    // The API's schemas are the contract: the tests read the fields they check from them.
    const body = (text.length === 0 ? undefined : JSON.parse(text)) as Body;
    return { status: response.status, headers: response.headers, body };
  }
}
