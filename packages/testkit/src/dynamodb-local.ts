import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A running DynamoDB Local, or one named by `DYNAMODB_ENDPOINT`. */
export interface DynamoDbLocal {
  /** The HTTP endpoint to give an AWS SDK client, e.g. `http://127.0.0.1:8123`. */
  readonly endpoint: string;
  /** Stops the emulator this process started; a no-op for an endpoint from the environment. */
  stop(): Promise<void>;
}

// Java starts in ~1-3 s here; a slow CI machine gets ten times that before we give up.
const STARTUP_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;
const STOP_TIMEOUT_MS = 5_000;
// Another process can take the free port between our probe and Java binding it.
const LAUNCH_ATTEMPTS_MAX = 3;

/**
 * The folder holding `DynamoDBLocal.jar` and `DynamoDBLocal_lib/`: `STRONGROOM_DYNAMODB_LOCAL_DIR`,
 * else the cache folder the CI scripts extract `amplify-dynamodb-simulator`'s `package/emulator` into.
 */
export function dynamoDbLocalFolder(): string {
  const { STRONGROOM_DYNAMODB_LOCAL_DIR, XDG_CACHE_HOME } = process.env;
  if (STRONGROOM_DYNAMODB_LOCAL_DIR) return STRONGROOM_DYNAMODB_LOCAL_DIR;
  const cache = XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'strongroom', 'dynamodb-local', 'package', 'emulator');
}

/**
 * Starts DynamoDB Local in memory on a free port and waits until it answers, or uses the endpoint
 * in `DYNAMODB_ENDPOINT` when that is set. Downloads nothing: the emulator must already be on disk.
 */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const { DYNAMODB_ENDPOINT } = process.env;
  if (DYNAMODB_ENDPOINT) return { endpoint: DYNAMODB_ENDPOINT, stop: async () => {} };
  const folder = dynamoDbLocalFolder();
  if (!existsSync(join(folder, 'DynamoDBLocal.jar'))) {
    throw new Error(
      `DynamoDB Local is missing: no DynamoDBLocal.jar in ${folder}. Extract package/emulator of ` +
        'amplify-dynamodb-simulator@2.9.30 there (the .ci scripts do), set ' +
        'STRONGROOM_DYNAMODB_LOCAL_DIR to its folder, or set DYNAMODB_ENDPOINT to a running one.',
    );
  }
  let lastFailure: unknown;
  for (let attempt = 1; attempt <= LAUNCH_ATTEMPTS_MAX; attempt += 1) {
    try {
      return await launch(folder, await freePort());
    } catch (failure) {
      lastFailure = failure;
    }
  }
  throw lastFailure;
}

async function launch(folder: string, port: number): Promise<DynamoDbLocal> {
  const { JAVA_HOME } = process.env;
  const java = JAVA_HOME ? join(JAVA_HOME, 'bin', 'java') : 'java';
  const child = spawn(
    java,
    [
      '-Djava.library.path=./DynamoDBLocal_lib',
      '-jar',
      'DynamoDBLocal.jar',
      '-inMemory',
      '-port',
      String(port),
    ],
    { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Keep the end of stderr for the error message if Java fails to start.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  // A test runner killed mid-run must not leave a Java process behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    await terminate(child, exited);
  };
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let running = true;
  void exited.then(() => {
    running = false;
  });
  while (running) {
    if (await answers(endpoint)) return { endpoint, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `DynamoDB Local in ${folder} did not answer on port ${port} within ${STARTUP_TIMEOUT_MS} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  process.off('exit', killOnExit);
  throw new Error(
    `DynamoDB Local in ${folder} exited during startup (exit code ${await exited}): ${stderr.trim()}`,
  );
}

// Any HTTP answer (DynamoDB answers a bare GET with 400) means the server is listening.
async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

async function terminate(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
