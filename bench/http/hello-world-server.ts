import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadExpressModules } from './express-modules.js';
import type { ListeningServer } from './listening-server.js';

/** What the hello-worlds answer: a small JSON object, as an API's smallest response would be. */
const HELLO_BODY = JSON.stringify({ hello: 'world' });

/**
 * The baseline: a bare `node:http` server answering every request with {@link HELLO_BODY}, on an
 * ephemeral port of 127.0.0.1.
 */
export async function startHelloWorld(): Promise<ListeningServer> {
  const server = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(HELLO_BODY),
    });
    response.end(HELLO_BODY);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return closable(server);
}

/**
 * The ceiling of the example's mounting: Express 5 forwarding every request through
 * `getRequestListener` (a WHATWG `Request` in, a `Response` out) to a fetch handler answering
 * {@link HELLO_BODY} — what `examples/express` does, without Hono's routing or the API behind it.
 */
export async function startMountedHelloWorld(): Promise<ListeningServer> {
  const { express, getRequestListener } = loadExpressModules();
  const app = express();
  app.disable('x-powered-by');
  const forward = getRequestListener(
    () => new Response(HELLO_BODY, { headers: { 'content-type': 'application/json' } }),
  );
  app.use((request, response) => void forward(request, response));
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error) =>
      error === undefined ? resolve(listening) : reject(error),
    );
  });
  return closable(server);
}

function closable(server: Server): ListeningServer {
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
