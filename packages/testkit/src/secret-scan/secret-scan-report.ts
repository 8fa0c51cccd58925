import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanLogLine } from './scan-log-line.js';
import {
  INSPECTIONS_FOLDER,
  LOGS_FOLDER,
  type ScannedBackend,
  type StoreInspection,
} from './scan-spool.js';
import type { SecretFinding } from './secret-finding.js';

/** Every backend a full run must have inspected at least one non-empty store of. */
export const SCANNED_BACKENDS: readonly ScannedBackend[] = [
  'memory',
  'pglite',
  'postgres',
  'dynamodb-local',
  'redis',
];

/** What a run's scan covered and found. */
export interface SecretScanReport {
  readonly stores: ReadonlyMap<ScannedBackend, { readonly stores: number; readonly rows: number }>;
  readonly logLines: number;
  readonly findings: readonly SecretFinding[];
}

function filesIn(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(directory, name));
}

function linesOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}

/**
 * Reads the scan folder of a run: the inspections the test processes recorded, and every log
 * line they kept, scanned here with {@link scanLogLine}.
 */
export function readSecretScanReport(directory: string): SecretScanReport {
  const stores = new Map<ScannedBackend, { stores: number; rows: number }>();
  const findings: SecretFinding[] = [];
  for (const file of filesIn(join(directory, INSPECTIONS_FOLDER))) {
    for (const line of linesOf(file)) {
      const inspection = JSON.parse(line) as StoreInspection;
      const counted = stores.get(inspection.backend) ?? { stores: 0, rows: 0 };
      stores.set(inspection.backend, {
        stores: counted.stores + 1,
        rows: counted.rows + inspection.rows,
      });
      findings.push(...inspection.findings);
    }
  }
  let logLines = 0;
  for (const file of filesIn(join(directory, LOGS_FOLDER))) {
    for (const [index, line] of linesOf(file).entries()) {
      logLines += 1;
      findings.push(
        ...scanLogLine(line, `${LOGS_FOLDER}/${file.split('/').at(-1)} line ${index + 1}`),
      );
    }
  }
  return { stores, logLines, findings };
}

/** The backends a full run should have inspected but did not (no store, or only empty ones). */
export function uncoveredBackends(report: SecretScanReport): ScannedBackend[] {
  return SCANNED_BACKENDS.filter((backend) => (report.stores.get(backend)?.rows ?? 0) === 0);
}

/** The report as lines for a terminal: coverage per backend, log lines, then each finding. */
export function formatSecretScanReport(report: SecretScanReport): string[] {
  const lines = SCANNED_BACKENDS.map((backend) => {
    const counted = report.stores.get(backend) ?? { stores: 0, rows: 0 };
    return `  ${backend}: ${counted.stores} stores, ${counted.rows} rows`;
  });
  lines.push(`  logs: ${report.logLines} lines`);
  for (const finding of report.findings) {
    lines.push(`  FOUND ${finding.kind}: ${finding.hint} in ${finding.where}`);
  }
  return lines;
}
