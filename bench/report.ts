import { mkdir, writeFile } from 'node:fs/promises';
import type { Metric } from './harness.js';

/** Everything a run records besides its metrics. */
export interface RunInfo {
  readonly startedAt: string;
  readonly scale: string;
  readonly seconds: number;
  readonly environment: Record<string, string | number>;
}

function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** The markdown table of a run: metric, value, unit, baseline, ratio, target, pass/fail, notes. */
export function markdownReport(info: RunInfo, metrics: readonly Metric[]): string {
  const rows = metrics.map((metric) =>
    [
      metric.name,
      formatNumber(metric.value),
      metric.unit,
      metric.baseline === undefined
        ? '—'
        : `${formatNumber(metric.baseline.value)} (${metric.baseline.label})`,
      metric.ratio === undefined ? '—' : metric.ratio.toFixed(2),
      metric.target?.text ?? '—',
      metric.target === undefined ? '—' : metric.target.pass ? 'PASS' : 'FAIL',
      metric.note ?? '',
    ].join(' | '),
  );
  const environment = Object.entries(info.environment)
    .map(([key, value]) => `${key}: ${value}`)
    .join('; ');
  return [
    `# Strongroom benchmarks — ${info.startedAt} (scale ${info.scale}, ${info.seconds.toFixed(0)} s)`,
    '',
    environment,
    '',
    '| metric | value | unit | baseline | ratio | target | pass/fail | notes |',
    '|---|---:|---|---|---:|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}

/** Writes `bench/results/<timestamp>.json` and `bench/results/latest.md`; returns the markdown. */
export async function writeReport(info: RunInfo, metrics: readonly Metric[]): Promise<string> {
  const folder = new URL('./results/', import.meta.url);
  await mkdir(folder, { recursive: true });
  const stamp = info.startedAt.replace(/[:.]/g, '-');
  await writeFile(
    new URL(`${stamp}.json`, folder),
    `${JSON.stringify({ ...info, metrics }, null, 2)}\n`,
  );
  const markdown = markdownReport(info, metrics);
  await writeFile(new URL('latest.md', folder), markdown);
  return markdown;
}
