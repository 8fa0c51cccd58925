import type { AddressInfo } from 'node:net';
import { createHttpApi, HTTP_RATE_LIMITS_DEFAULT, silentLogger } from '@strongroom/http';
import type { Storage, TenantId } from '@strongroom/kernel';
import { createBenchStrongroom, signInOperator } from './bench-strongroom.js';
import { loadExpressModules } from './express-modules.js';
import type { ListeningServer } from './listening-server.js';

/** Points per window no run can spend: the limiter still counts every request, never refuses. */
const RATE_LIMIT_POINTS_UNLIMITED = 1_000_000_000;

/**
 * The Express example's service on `storage`: the facade of {@link createBenchStrongroom},
 * `createHttpApi` with a logger that discards lines and the shipped rate limits with points no
 * run spends (counted by its default limiter, as in a service that passes none), mounted on
 * Express through `getRequestListener` without a body parser, and the background worker for the
 * tenant, exactly as `examples/express` does. Listens on an ephemeral port of 127.0.0.1 and signs
 * the bench's operator in.
 */
export async function startExpressApi(
  storage: Storage,
  tenantId: TenantId,
): Promise<ListeningServer> {
  const bench = await createBenchStrongroom(storage);
  const { strongroom } = bench;
  const unlimited = { points: RATE_LIMIT_POINTS_UNLIMITED };
  const api = createHttpApi(strongroom, {
    publicTenant: tenantId,
    logger: silentLogger,
    rateLimits: {
      principal: { ...HTTP_RATE_LIMITS_DEFAULT.principal, ...unlimited },
      address: { ...HTTP_RATE_LIMITS_DEFAULT.address, ...unlimited },
    },
  });
  const { express, getRequestListener } = loadExpressModules();
  const app = express();
  app.disable('x-powered-by');
  const forward = getRequestListener(api.fetch);
  app.use((request, response) => void forward(request, response));
  const worker = strongroom.worker.start({ tenants: () => [tenantId] });
  const accessToken = await signInOperator(bench, tenantId);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error) =>
      error === undefined ? resolve(listening) : reject(error),
    );
  });
  return {
    port: (server.address() as AddressInfo).port,
    accessToken,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker.stop().catch(() => undefined);
      await strongroom.close();
    },
  };
}
