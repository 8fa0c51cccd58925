import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListeningServer } from './listening-server.js';

/** What the hello-world answers: a small JSON object, as an API's smallest response would be. */
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
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
