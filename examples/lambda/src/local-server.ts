import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import type { LambdaContext } from 'hono/aws-lambda';
import { httpApiEvent, PayloadTooLargeError } from './api-gateway-event.js';
import type { LambdaHandlers } from './lambda-handlers.js';
import { responseOf } from './lambda-response.js';

/** A server on this machine that answers through the Lambda handler. */
export interface LocalServer {
  /** `http://host:port`. */
  readonly url: string;
  /** Stops accepting connections and waits for open ones to end. */
  close(): Promise<void>;
}

/** How long API Gateway's HTTP API waits for the function (its integration timeout). */
const INTEGRATION_TIMEOUT_MS = 30_000;

function lambdaContext(requestId: string, startedAtMs: number): LambdaContext {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'strongroom-api-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:123456789012:function:strongroom-api-local',
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/strongroom-api-local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, startedAtMs + INTEGRATION_TIMEOUT_MS - Date.now()),
  };
}

const TOO_LARGE = JSON.stringify({
  type: 'about:blank',
  title: 'Request body too large for a Lambda invocation',
  status: 413,
});

/**
 * Serves `handler` on `host:port` with `@hono/node-server`, the way API Gateway would: each request
 * becomes an HTTP API v2 event (the socket's peer as `sourceIp`), the handler is invoked, and its
 * result becomes the response. So curl reaches exactly the code Lambda runs.
 */
export function serveHandlerLocally(
  handler: LambdaHandlers['handler'],
  options: { readonly port: number; readonly host: string },
): Promise<LocalServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        hostname: options.host,
        port: options.port,
        fetch: async (request, bindings) => {
          const requestId = crypto.randomUUID();
          const sourceIp = (bindings as HttpBindings).incoming.socket.remoteAddress ?? '127.0.0.1';
          try {
            const event = await httpApiEvent(request, { sourceIp, requestId, now: new Date() });
            return responseOf(await handler(event, lambdaContext(requestId, Date.now())));
          } catch (error) {
            if (!(error instanceof PayloadTooLargeError)) throw error;
            return new Response(TOO_LARGE, {
              status: 413,
              headers: { 'content-type': 'application/problem+json' },
            });
          }
        },
      },
      (info: AddressInfo) =>
        resolve({
          url: `http://${options.host}:${info.port}`,
          close: () =>
            new Promise<void>((closed) => {
              server.close(() => closed());
            }),
        }),
    );
    server.once('error', reject);
  });
}
