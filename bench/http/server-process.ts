import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { HttpServerKind, ServerReady } from './http-server-kinds.js';

/** How long a child may take to listen (keys, migrations checked, argon2 sign-in). */
const READY_TIMEOUT_MS = 120_000;
/** How long a child may take to stop after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 30_000;

/** A server running in a child process of the bench. */
export interface ServerProcess {
  readonly kind: HttpServerKind;
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** The operator's bearer token, for the Express servers. */
  readonly accessToken: string | undefined;
  /** Asks the child to stop (SIGTERM) and waits for it; kills it if it hangs. */
  stop(): Promise<void>;
}

const CHILD_ENTRY = fileURLToPath(new URL('./http-server-child.ts', import.meta.url));

function parseReady(line: string): ServerReady {
  const ready = JSON.parse(line) as Partial<ServerReady>;
  if (typeof ready.port !== 'number') throw new Error('the http bench child printed no port');
  return {
    port: ready.port,
    ...(typeof ready.accessToken === 'string' ? { accessToken: ready.accessToken } : {}),
  };
}

// The child's first line on stdout, or a rejection if it exits or stays silent first.
function readyLine(child: ChildProcess, kind: HttpServerKind): Promise<string> {
  const stdout = child.stdout;
  if (stdout === null) return Promise.reject(new Error('the http bench child has no stdout'));
  const lines = createInterface({ input: stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`http bench: ${kind} did not listen within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    const exited = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new Error(`http bench: ${kind} exited before listening (${code ?? signal})`));
    };
    child.once('exit', exited);
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.off('exit', exited);
      resolve(line);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts a {@link HttpServerKind} in a child process (the same Node and TypeScript loader as the
 * bench), so that the load generator in this process never shares the server's event loop;
 * `databaseUrl` is the Postgres server's database, for `express_postgres`.
 */
export async function startServerProcess(
  kind: HttpServerKind,
  databaseUrl?: string,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...process.execArgv, CHILD_ENTRY, kind], {
    env: {
      ...process.env,
      ...(databaseUrl === undefined ? {} : { BENCH_HTTP_DATABASE_URL: databaseUrl }),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const ready = parseReady(await readyLine(child, kind));
    return {
      kind,
      baseUrl: `http://127.0.0.1:${ready.port}`,
      accessToken: ready.accessToken,
      stop: () => stopChild(child),
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
