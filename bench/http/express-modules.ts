import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

/** A Node request handler, as Express middleware and `getRequestListener` take and give it. */
export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** The slice of an Express 5 application the bench uses. */
export interface ExpressApplication {
  disable(setting: string): void;
  use(handler: NodeHandler): void;
  listen(port: number, host: string, callback: (error?: Error) => void): Server;
}

/** The slice of `express` and `@hono/node-server` the Express example mounts the API with. */
export interface ExpressModules {
  readonly express: () => ExpressApplication;
  readonly getRequestListener: (
    fetch: (request: Request, environment: unknown) => Response | Promise<Response>,
  ) => (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}

/**
 * `express` and `@hono/node-server` at the versions the Express example pins, resolved from the
 * example's own dependencies rather than added to the bench (as `database.ts` resolves `pg`).
 */
export function loadExpressModules(): ExpressModules {
  const require = createRequire(new URL('../../examples/express/package.json', import.meta.url));
  const express = require('express') as ExpressModules['express'];
  const { getRequestListener } = require('@hono/node-server') as Pick<
    ExpressModules,
    'getRequestListener'
  >;
  return { express, getRequestListener };
}
