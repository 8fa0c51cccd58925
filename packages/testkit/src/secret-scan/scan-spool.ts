import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { scanStoreRows } from './scan-store-rows.js';
import type { SecretFinding } from './secret-finding.js';
import type { StoreRow } from './store-row.js';

/**
 * The environment variable that turns the full-suite scan on: the folder where test processes
 * leave what they inspected (`.ci/test` sets it; unset, every function here does nothing).
 */
export const SECRET_SCAN_DIR_VARIABLE = 'STRONGROOM_SECRET_SCAN_DIR';

/** The backends whose stores the scan inspects. */
export type ScannedBackend = 'memory' | 'pglite' | 'postgres' | 'dynamodb-local' | 'redis';

/** What one inspected store held: its row count and what the scan found (never the rows). */
export interface StoreInspection {
  readonly backend: ScannedBackend;
  readonly store: string;
  readonly rows: number;
  readonly findings: readonly SecretFinding[];
}

/** The scan folder when the scan is on, else `undefined`. */
export function secretScanDirectory(): string | undefined {
  const directory = process.env[SECRET_SCAN_DIR_VARIABLE];
  return directory === undefined || directory === '' ? undefined : directory;
}

/** Whether this run scans: a test that removes a store calls the inspections only then. */
export function isSecretScanOn(): boolean {
  return secretScanDirectory() !== undefined;
}

/** Where inspections of stores go, one JSON line each, one file per process. */
export const INSPECTIONS_FOLDER = 'stores';
/** Where log lines go, as written, one file per source and process. */
export const LOGS_FOLDER = 'logs';

function spoolFile(folder: string, name: string): string | undefined {
  const directory = secretScanDirectory();
  if (directory === undefined) return undefined;
  mkdirSync(join(directory, folder), { recursive: true });
  return join(directory, folder, `${name}-${process.pid}.jsonl`);
}

/** Records one inspection in the scan folder. */
export function recordInspection(inspection: StoreInspection): void {
  const file = spoolFile(INSPECTIONS_FOLDER, 'inspections');
  if (file !== undefined) appendFileSync(file, `${JSON.stringify(inspection)}\n`);
}

/**
 * Scans a store about to be removed and records what it held. Reads nothing when the scan is
 * off, so tests pay for the dump only in the scanning run.
 */
export async function inspectStore(
  backend: ScannedBackend,
  store: string,
  dump: () => Promise<readonly StoreRow[]>,
): Promise<void> {
  if (!isSecretScanOn()) return;
  const rows = await dump();
  recordInspection({ backend, store, rows: rows.length, findings: scanStoreRows(store, rows) });
}

/** What a structured logger writes to, such as pino's `destination`. */
export interface LogDestination {
  /** Takes one line, or a chunk of whole lines, as the logger wrote it. */
  write(line: string): void;
}

/**
 * A sink for one source's log lines (a test logger's destination writes here): each line is kept
 * in the scan folder as written, for the report to scan once the run is over. A no-op when off.
 */
export function logLineSink(source: string): LogDestination {
  const file = spoolFile(LOGS_FOLDER, source.replace(/[^A-Za-z0-9_-]/g, '_'));
  if (file === undefined) return { write: () => undefined };
  return { write: (line) => appendFileSync(file, line.endsWith('\n') ? line : `${line}\n`) };
}
