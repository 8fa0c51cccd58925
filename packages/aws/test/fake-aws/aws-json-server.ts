import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// The AWS JSON 1.1 protocol as the SDK speaks it to KMS and Secrets Manager: every call is a POST
// to `/` whose `X-Amz-Target` header is `<target prefix>.<Operation>`, the body a JSON object in
// `application/x-amz-json-1.1`, blobs as base64 strings and timestamps as epoch seconds. Errors are
// HTTP 4xx/5xx with `{ "__type": "<ErrorName>", "message": "…" }`.

/** Content type of every request and response of the protocol. */
export const AWS_JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** A JSON object as received or answered. */
export type JsonBody = Record<string, unknown>;

/** One request the server received, in arrival order. */
export interface RecordedRequest {
  /** The target prefix, e.g. `TrentService` or `secretsmanager`. */
  readonly service: string;
  /** The operation, e.g. `Decrypt`. */
  readonly operation: string;
  readonly body: JsonBody;
  /** The raw body text, for scans of what went over the wire. */
  readonly text: string;
}

/** An error answer in the protocol's shape. */
export class AwsErrorAnswer extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/**
 * A request our adapter should never have sent: the fake answers it with `ValidationException`,
 * as AWS would, and records it so a test fails even when the adapter swallowed the error.
 */
export class WireViolation extends AwsErrorAnswer {
  constructor(message: string) {
    super('ValidationException', message);
  }
}

/** Handles the operations of one target prefix; returns the response body. */
export type OperationHandler = (operation: string, body: JsonBody) => JsonBody | undefined;

/** A fault to answer instead of running the operation, for error-mapping tests. */
export interface InjectedFault {
  readonly target: string;
  readonly errorType: string;
  readonly status: number;
  remaining: number;
}

/** A running fake AWS endpoint. */
export interface AwsJsonServer {
  /** `http://127.0.0.1:<port>`, for the SDK client's `endpoint`. */
  readonly endpoint: string;
  /** Every request received so far. */
  readonly requests: RecordedRequest[];
  /** Every wire-shape violation seen so far; a passing test leaves this empty. */
  readonly violations: string[];
  /** Answers the next `count` calls of `target` (`TrentService.Decrypt`) with an error. */
  failNext(target: string, errorType: string, options?: { status?: number; count?: number }): void;
  /** Drops a connection without answering, `count` times, for `target`. */
  dropNext(target: string, count?: number): void;
  close(): Promise<void>;
}

// Bodies far above anything KMS or Secrets Manager accept (Secrets Manager: 64 KiB secrets).
const MAX_BODY_BYTES = 256 * 1024;

/** Starts a server on 127.0.0.1 with an OS-chosen port, dispatching by target prefix. */
export async function startAwsJsonServer(
  handlers: Readonly<Record<string, OperationHandler>>,
): Promise<AwsJsonServer> {
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const faults: InjectedFault[] = [];
  const drops = new Map<string, number>();

  const server: Server = createServer((request, response) => {
    readBody(request).then(
      (text) => answer(request, response, text),
      () => {
        response.statusCode = 413;
        response.end();
      },
    );
  });

  function answer(request: IncomingMessage, response: ServerResponse, text: string): void {
    const target = headerValue(request, 'x-amz-target') ?? '';
    const dropsLeft = drops.get(target) ?? 0;
    if (dropsLeft > 0) {
      drops.set(target, dropsLeft - 1);
      request.socket.destroy();
      return;
    }
    try {
      const { service, operation, body } = parseRequest(request, target, text);
      requests.push({ service, operation, body, text });
      const fault = faults.find((candidate) => candidate.target === target && candidate.remaining);
      if (fault) {
        fault.remaining -= 1;
        throw new AwsErrorAnswer(fault.errorType, 'Rate exceeded', fault.status);
      }
      const handler = handlers[service];
      if (!handler) throw new AwsErrorAnswer('UnknownOperationException', 'Unknown service');
      send(response, 200, handler(operation, body));
    } catch (error) {
      if (error instanceof WireViolation) violations.push(`${target}: ${error.message}`);
      if (error instanceof AwsErrorAnswer) {
        send(response, error.status, { __type: error.errorType, message: error.message });
      } else {
        send(response, 500, { __type: 'InternalFailure', message: String(error) });
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    violations,
    failNext(target, errorType, options = {}) {
      faults.push({
        target,
        errorType,
        status: options.status ?? 400,
        remaining: options.count ?? 1,
      });
    },
    dropNext(target, count = 1) {
      drops.set(target, (drops.get(target) ?? 0) + count);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function parseRequest(request: IncomingMessage, target: string, text: string) {
  if (request.method !== 'POST' || request.url !== '/') {
    throw new WireViolation(`expected POST /, got ${request.method} ${request.url}`);
  }
  if (headerValue(request, 'content-type') !== AWS_JSON_CONTENT_TYPE) {
    throw new WireViolation(`content type ${headerValue(request, 'content-type')}`);
  }
  // SigV4: the SDK signs every request; a missing signature means a misconfigured client.
  if (!headerValue(request, 'authorization')?.startsWith('AWS4-HMAC-SHA256 ')) {
    throw new WireViolation('request is not signed with SigV4');
  }
  const match = /^([A-Za-z]+)\.([A-Za-z]+)$/.exec(target);
  if (!match?.[1] || !match[2]) throw new WireViolation(`bad X-Amz-Target ${target}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new WireViolation('body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new WireViolation('body is not a JSON object');
  }
  return { service: match[1], operation: match[2], body: body as JsonBody };
}

function send(response: ServerResponse, status: number, body: JsonBody | undefined): void {
  response.statusCode = status;
  response.setHeader('content-type', AWS_JSON_CONTENT_TYPE);
  response.setHeader('x-amzn-requestid', crypto.randomUUID());
  // Operations without output (CreateAlias) answer with an empty body, as AWS does.
  response.end(body === undefined ? '' : JSON.stringify(body));
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
