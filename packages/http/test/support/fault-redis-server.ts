import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Longest wait for a started redis-server to accept connections. */
const READY_TIMEOUT_MS = 10_000;
/** Pause between two readiness probes. */
const READY_PROBE_INTERVAL_MS = 50;
/** Longest wait for a killed redis-server to exit. */
const EXIT_TIMEOUT_MS = 5_000;

/**
 * A redis-server of this test file alone, on a free loopback port, without persistence: killing
 * it loses every key, as a crashed cache node without a replica would. The machine's shared Redis
 * is never touched.
 */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** SIGKILL, and waits until the process is gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and waits until it answers. */
  restart(): Promise<void>;
  /** Kills the server if it runs and removes its working folder; safe to call twice. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port was assigned');
  return address.port;
}

// Sends PING on a fresh socket and waits for +PONG; any failure counts as not ready yet.
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ready: boolean) => {
      socket.destroy();
      resolve(ready);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('redis-server did not exit in time')),
      EXIT_TIMEOUT_MS,
    );
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Starts a private redis-server (the `redis-server` binary on PATH) and waits until it answers. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const directory = await mkdtemp(join(tmpdir(), 'strongroom-fault-redis-'));
  let child: ChildProcess | undefined;
  // Should the test process end without its afterAll (a crash, a kill), the server goes with it.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const launch = async () => {
    const started = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        directory,
      ],
      { stdio: 'ignore' },
    );
    child = started;
    let spawnFailed = false;
    started.once('error', () => {
      spawnFailed = true;
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (spawnFailed || started.exitCode !== null || started.signalCode !== null) {
        child = undefined;
        throw new Error('redis-server could not be started');
      }
      if (await answersPing(port)) return;
      await new Promise((resolve) => setTimeout(resolve, READY_PROBE_INTERVAL_MS));
    }
    started.kill('SIGKILL');
    throw new Error('redis-server did not become ready in time');
  };
  const kill = async () => {
    const current = child;
    if (current === undefined) return;
    child = undefined;
    current.kill('SIGKILL');
    await exited(current);
  };

  try {
    await launch();
  } catch (error) {
    process.removeListener('exit', killOnExit);
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    async restart() {
      if (child !== undefined) throw new Error('redis-server is already running');
      await launch();
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      await kill();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
