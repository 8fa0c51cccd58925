import { createExpressService } from './create-express-service.js';
import { readServiceConfig } from './service-config.js';

const config = readServiceConfig(process.env);
const service = await createExpressService(config);
const url = await service.listen(config.port, config.host);
const storage =
  config.databaseUrl === undefined
    ? `embedded PGlite in ${config.dataDir}`
    : 'the Postgres server of DATABASE_URL';
console.log(
  `Strongroom example listening on ${url} (${storage}${config.redisUrl === undefined ? '' : ', Redis'})`,
);
console.log(
  `API reference: ${url}/v1/docs · OpenAPI: ${url}/v1/openapi.json · health: ${url}/health/ready`,
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing requests and background work…`);
  await service.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
