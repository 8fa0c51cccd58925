/**
 * The child process of the HTTP benchmark: starts one server (`hello_world`,
 * `mounted_hello_world`, `express_memory` or `express_postgres` on the database of
 * `BENCH_HTTP_DATABASE_URL`), prints one JSON line with its port (and the operator's access
 * token) on standard output, and stops on SIGTERM or when the
 * parent closes its standard input. Run by `server-process.ts`, never by hand.
 */
import { createMemoryStorage } from '@strongroom/memory';
import { createPostgresStorage } from '@strongroom/postgres';
import { benchTenant } from '../harness.js';
import { startExpressApi } from './express-api-server.js';
import { startHelloWorld, startMountedHelloWorld } from './hello-world-server.js';
import { HTTP_SERVER_KINDS, type HttpServerKind, type ServerReady } from './http-server-kinds.js';
import type { ListeningServer } from './listening-server.js';

/** The tenant the Express servers serve (the example's `STRONGROOM_TENANT`). */
const TENANT_ID = benchTenant('bench-http');

function kindOf(argument: string | undefined): HttpServerKind {
  const kind = HTTP_SERVER_KINDS.find((known) => known === argument);
  if (kind === undefined) throw new Error(`http bench child: unknown server '${argument}'`);
  return kind;
}

function start(kind: HttpServerKind): Promise<ListeningServer> {
  switch (kind) {
    case 'hello_world':
      return startHelloWorld();
    case 'mounted_hello_world':
      return startMountedHelloWorld();
    case 'express_memory':
      return startExpressApi(createMemoryStorage(), TENANT_ID);
    case 'express_postgres': {
      const connectionString = process.env['BENCH_HTTP_DATABASE_URL'];
      if (connectionString === undefined) throw new Error('BENCH_HTTP_DATABASE_URL is not set');
      // The example's pool: createPostgresKysely's default of 10 connections.
      return startExpressApi(createPostgresStorage({ connectionString }), TENANT_ID);
    }
  }
}

const server = await start(kindOf(process.argv[2]));
const ready: ServerReady = {
  port: server.port,
  ...(server.accessToken === undefined ? {} : { accessToken: server.accessToken }),
};
process.stdout.write(`${JSON.stringify(ready)}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}
process.once('SIGTERM', () => void stop());
// An orphan (the parent died without a signal) stops too: its end of the pipe closes.
process.stdin.once('close', () => void stop());
process.stdin.resume();
