/**
 * `pnpm --filter @strongroom/example-lambda start`: the Lambda handler on this machine. Starts
 * DynamoDB Local (from the cache `.ci/bootstrap.sh` fills, or `DYNAMODB_ENDPOINT`), creates the
 * table, uses the local Redis, generates throw-away keys, serves `handler` on `HOST:PORT` through
 * API Gateway-shaped events, and runs `worker` on a short timer in place of the schedule.
 * @module
 */

import { ensureTable } from '@strongroom/dynamodb';
import { unwrapOrThrow } from '@strongroom/kernel';
import { type DynamoDbLocal, startDynamoDbLocal } from '@strongroom/testkit';
import { createDynamoDbClient } from './dynamodb-storage.js';
import { generatedSecretsEnvironment } from './generated-secrets.js';
import { readLambdaConfig } from './lambda-config.js';
import { serveHandlerLocally } from './local-server.js';

/** How often the local run invokes the worker; a deployed schedule runs it once a minute. */
const WORKER_INTERVAL_MS = 2_000;

async function startDynamoDb(): Promise<DynamoDbLocal> {
  try {
    return await startDynamoDbLocal();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(
      'To install DynamoDB Local (and Java 17): `source .ci/bootstrap.sh` from the repository root, then run this again.',
    );
    process.exit(1);
  }
}

const dynamoDb = await startDynamoDb();
// Whatever the caller set wins; the rest is what a local run needs. Keys are new on every run,
// which suits DynamoDB Local's in-memory tables: both are gone when the process ends.
const defaults: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  DYNAMODB_TABLE: 'strongroom-local',
  DYNAMODB_ENDPOINT: dynamoDb.endpoint,
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_KEY_PREFIX: `strongroom-local-${crypto.randomUUID().slice(0, 8)}:`,
  ...generatedSecretsEnvironment(),
};
for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;

const config = readLambdaConfig(process.env);
const client = createDynamoDbClient(config);
unwrapOrThrow(await ensureTable({ client, tableName: config.dynamoDb.tableName }));
client.destroy();

// Imported only now: the handler module reads process.env, as on Lambda.
const { handler, worker } = await import('./handler.js');
// A first worker round makes the cold start happen here, where a failure can be explained.
try {
  await worker();
} catch (error) {
  console.error(`the handler could not start: ${error instanceof Error ? error.message : error}`);
  if (config.redis !== undefined)
    console.error('Is Redis running at REDIS_URL? Set REDIS_URL= (empty) to run without it.');
  await dynamoDb.stop();
  process.exit(1);
}
const server = await serveHandlerLocally(handler, {
  port: Number(process.env['PORT'] ?? '3000'),
  host: process.env['HOST'] ?? '127.0.0.1',
});

let stopping = false;
let timer: NodeJS.Timeout | undefined;
const scheduleWorker = () => {
  timer = setTimeout(async () => {
    await worker().catch((error: unknown) =>
      console.error(`worker failed: ${error instanceof Error ? error.name : String(error)}`),
    );
    if (!stopping) scheduleWorker();
  }, WORKER_INTERVAL_MS);
};
scheduleWorker();

const redis = config.redis === undefined ? 'no Redis' : `Redis at ${config.redis.url}`;
console.log(`Strongroom's Lambda handler is serving ${server.url}`);
console.log(
  `  DynamoDB Local at ${dynamoDb.endpoint}, table ${config.dynamoDb.tableName}; ${redis}; worker every ${WORKER_INTERVAL_MS / 1000} s`,
);
console.log(
  `  API reference: ${server.url}/v1/docs · OpenAPI: ${server.url}/v1/openapi.json · try: curl ${server.url}/health/ready`,
);

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  clearTimeout(timer);
  await server.close();
  await dynamoDb.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
