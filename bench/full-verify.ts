import { createHash, hash } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  AUDIT_EXPORT_FORMAT,
  canonicalJson,
  DEFAULT_MERKLE_HASHER,
  formatCheckpointBody,
  type MerkleHasher,
  type NoteVerifier,
  RootAccumulator,
  signCheckpoint,
  tenantLogOrigin,
  tenantLogSigners,
  verifyExport,
  verifyExportBytes,
  verifyLog,
} from '@strongroom/audit';
import { nodeMerkleHasher, parallelLeafTree } from '@strongroom/audit/node';
import { unwrapOrThrow } from '@strongroom/kernel';
import { auditInput, BENCH_SIGNING, benchTenant, type Metric } from './harness.js';
import type { BuiltLog } from './sequencer.js';

// @noble/hashes is the audit package's dependency; resolve it from there rather than add it.
const nobleSha256 = (
  (await import(
    pathToFileURL(
      createRequire(new URL('../packages/audit/package.json', import.meta.url)).resolve(
        '@noble/hashes/sha2.js',
      ),
    ).href
  )) as { sha256: (bytes: Uint8Array) => Uint8Array }
).sha256;

/** The canonical leaf `log.append` would write for {@link auditInput}`(n)` (~395 bytes). */
export function canonicalLeaf(n: number): string {
  const entry = {
    formatVersion: 1,
    id: `aud_01jzq8w3k5p7ab3d${n.toString(36).padStart(10, '0')}`,
    timestamp: new Date(1_767_225_600_000 + n * 37).toISOString(),
    correlationId: null,
    personal: null,
    ...auditInput(n),
  };
  return canonicalJson(entry as never);
}

// RFC 6962 root with node:crypto (independent of the library), to sign the export's checkpoint.
function rfc6962Root(leaves: readonly Uint8Array[]): Uint8Array {
  const sha = (...parts: Uint8Array[]) => {
    const hasher = createHash('sha256');
    for (const part of parts) hasher.update(part);
    return new Uint8Array(hasher.digest());
  };
  const stack: { size: number; hash: Uint8Array }[] = [];
  for (const leaf of leaves) {
    let node = { size: 1, hash: sha(Uint8Array.of(0), leaf) };
    for (let top = stack.at(-1); top !== undefined && top.size === node.size; top = stack.at(-1)) {
      stack.pop();
      node = { size: top.size * 2, hash: sha(Uint8Array.of(1), top.hash, node.hash) };
    }
    stack.push(node);
  }
  let root = stack.pop()?.hash ?? sha();
  for (let node = stack.pop(); node !== undefined; node = stack.pop())
    root = sha(Uint8Array.of(1), node.hash, root);
  return root;
}

// Seconds taken to call `operation` once on each item.
function secondsForEach<T>(items: readonly T[], operation: (item: T) => unknown): number {
  const start = performance.now();
  for (const item of items) operation(item);
  return (performance.now() - start) / 1000;
}

/** What the raw SHA-256 measurement found: each implementation's rate and the fastest. */
export interface RawSha256 {
  readonly best: { readonly label: string; readonly perSecond: number };
  readonly metrics: Metric[];
}

// The hashers the library offers: the portable default and the native one the CLI uses.
const HASHERS: readonly [string, MerkleHasher][] = [
  ['default hasher (@noble)', DEFAULT_MERKLE_HASHER],
  ['nodeMerkleHasher', nodeMerkleHasher],
];

// The export's file as `createReadStream` hands it over: 64 KiB chunks.
const FILE_CHUNK_BYTES = 64 * 1024;

function* fileChunks(file: Buffer): Generator<Uint8Array> {
  for (let start = 0; start < file.length; start += FILE_CHUNK_BYTES)
    yield file.subarray(start, start + FILE_CHUNK_BYTES);
}

// The ways to verify an export: from lines (strings) or from the file's bytes, with each hasher.
type ExportReader = (
  header: string,
  lines: readonly string[],
  file: Buffer,
  verifiers: readonly NoteVerifier[],
) => ReturnType<typeof verifyExport>;

const READERS: readonly [string, ExportReader][] = [
  ...HASHERS.flatMap(([label, hasher]): [string, ExportReader][] => [
    [
      `verifyExport (lines in memory), ${label}`,
      (header, lines, _file, verifiers) =>
        verifyExport(exportLines(header, lines), verifiers, { hasher }),
    ],
    [
      `verifyExportBytes (the file's bytes in 64 KiB chunks, as the CLI reads), ${label}`,
      (_header, _lines, file, verifiers) =>
        verifyExportBytes(fileChunks(file), verifiers, { hasher }),
    ],
  ]),
  [
    `verifyExportBytes (the file's bytes in 64 KiB chunks), leaves hashed on ${availableParallelism()} worker threads (parallelLeafTree, as the CLI)`,
    (_header, _lines, file, verifiers) =>
      verifyExportBytes(fileChunks(file), verifiers, { leafTree: parallelLeafTree() }),
  ],
];

/**
 * Benchmark 4a: builds an export of `entries` canonical leaves in memory (header with a checkpoint
 * signed over their RFC 6962 root, then `[index,entry]` lines, and the same as one file buffer),
 * and measures `verifyExport` and `verifyExportBytes` on it with each hasher next to raw SHA-256
 * of the same leaf bytes (node:crypto createHash, node:crypto hash, @noble), best of two runs
 * each, interleaved.
 */
export async function benchVerifyExport(
  entries: number,
): Promise<{ verify: Metric[]; breakdown: Metric[]; raw: RawSha256 }> {
  const leaves: Buffer[] = [];
  const lines: string[] = [];
  let bytes = 0;
  for (let n = 0; n < entries; n += 1) {
    const leaf = canonicalLeaf(n);
    leaves.push(Buffer.from(leaf));
    lines.push(`[${n},${leaf}]`);
    bytes += leaves[n]?.length ?? 0;
  }
  const tenantId = benchTenant('bench-export');
  const body = formatCheckpointBody({
    origin: tenantLogOrigin(BENCH_SIGNING.originPrefix, tenantId),
    treeSize: entries,
    rootHash: rfc6962Root(leaves),
  });
  const signers = tenantLogSigners(BENCH_SIGNING, tenantId);
  const header = JSON.stringify({
    format: AUDIT_EXPORT_FORMAT,
    checkpoint: signCheckpoint(body, signers),
  });
  const file = Buffer.from(`${header}\n${lines.join('\n')}\n`);
  const verifiers = signers.map((signer) => signer.verifier);

  const implementations: [string, (leaf: Uint8Array) => unknown][] = [
    ['node:crypto createHash', (leaf) => createHash('sha256').update(leaf).digest()],
    ['node:crypto hash (one-shot)', (leaf) => hash('sha256', leaf, 'buffer')],
    ['@noble/hashes sha256', nobleSha256],
  ];
  const best = new Map<string, number>();
  const keepBest = (label: string, seconds: number) =>
    best.set(label, Math.min(seconds, best.get(label) ?? Number.POSITIVE_INFINITY));
  for (let run = 0; run < 2; run += 1) {
    for (const [label, sha256] of implementations) keepBest(label, secondsForEach(leaves, sha256));
    for (const [label, read] of READERS) {
      const start = performance.now();
      const verified = unwrapOrThrow(await read(header, lines, file, verifiers));
      keepBest(label, (performance.now() - start) / 1000);
      if (verified.treeSize !== entries) throw new Error(`verified ${verified.treeSize} entries`);
    }
  }

  const rawMetrics: Metric[] = implementations.map(([label]) => {
    const seconds = best.get(label) ?? Number.NaN;
    return {
      name: `baseline: raw SHA-256 of each leaf, ${label}`,
      value: entries / seconds,
      unit: 'hashes/s',
      note: `${(bytes / seconds / 1e6).toFixed(0)} MB/s over the same ${entries} leaf byte arrays; best of 2`,
    };
  });
  const fastest = implementations
    .map(([label]) => ({
      label: `raw SHA-256, ${label}`,
      perSecond: entries / (best.get(label) ?? 0),
    }))
    .reduce((left, right) => (right.perSecond > left.perSecond ? right : left));
  const raw: RawSha256 = { best: fastest, metrics: rawMetrics };
  const verify = READERS.map(([label]): Metric => {
    const perSecond = entries / (best.get(label) ?? Number.NaN);
    return {
      name: `full verify: ${label}, ${entries} entries`,
      value: perSecond,
      unit: 'entries/s',
      baseline: { label: raw.best.label, value: raw.best.perSecond },
      ratio: perSecond / raw.best.perSecond,
      target: { text: '>= 0.50', pass: perSecond / raw.best.perSecond >= 0.5 },
      note: `${(bytes / entries).toFixed(0)}-byte leaves, held in memory (no disk I/O): checkpoint signature, line bounds, leaf hash, Merkle root; best of 2`,
    };
  });
  return { raw, verify, breakdown: breakdown(leaves.slice(0, BREAKDOWN_ENTRIES), raw) };
}

// Entries the per-step breakdown runs over (the rates do not depend on the log's size).
const BREAKDOWN_ENTRIES = 200_000;

/**
 * The floor of a full verification, in µs per entry next to one raw SHA-256: the two hashes every
 * entry costs (its leaf hash, and on average one interior node of the root's accumulation), each
 * with each hasher.
 */
function breakdown(leaves: readonly Uint8Array[], raw: RawSha256): Metric[] {
  const rawMicros = 1e6 / raw.best.perSecond;
  const steps: [string, () => number][] = [];
  for (const [label, hasher] of HASHERS) {
    const leafHashes = leaves.map((leaf) => hasher.hashLeaf(leaf));
    steps.push(
      [`hashLeaf, ${label}`, () => secondsForEach(leaves, (leaf) => hasher.hashLeaf(leaf))],
      [
        `RootAccumulator.push (interior hashes), ${label}`,
        () =>
          secondsForEach([new RootAccumulator(hasher)], (tree) => {
            for (const leafHash of leafHashes) tree.push(leafHash);
          }),
      ],
    );
  }
  return steps.map(([label, measure]) => {
    const micros = (Math.min(measure(), measure()) * 1e6) / leaves.length;
    return {
      name: `verifyExport breakdown: ${label}`,
      value: micros,
      unit: 'µs/entry',
      baseline: { label: `${raw.best.label}, µs/leaf`, value: rawMicros },
      ratio: micros / rawMicros,
      note: `each step alone over ${leaves.length} entries, best of 2; ratio = step cost / one raw leaf hash`,
    };
  });
}

function* exportLines(header: string, lines: readonly string[]): Generator<string> {
  yield header;
  yield* lines;
}

/**
 * Benchmark 4b: storage-backed full verification of an integrated memory log, through `log.verify`
 * (default hasher) and `verifyLog` with `nodeMerkleHasher`: every page of entries read in its own
 * transaction, leaf hashes checked against the stored tiles, every stored checkpoint's root
 * recomputed, the head's signature checked.
 */
export async function benchLogVerify(built: BuiltLog, raw: RawSha256): Promise<Metric[]> {
  const { log, storage, tenantId } = built;
  const verifiers = log.signers(tenantId).map((signer) => signer.verifier);
  const runs: [string, () => ReturnType<typeof verifyLog>][] = [
    ['log.verify (default hasher)', () => log.verify(tenantId)],
    [
      'verifyLog with nodeMerkleHasher',
      () => verifyLog(storage, tenantId, { verifiers, hasher: nodeMerkleHasher }),
    ],
  ];
  const metrics: Metric[] = [];
  for (const [label, run] of runs) {
    const start = performance.now();
    const verified = unwrapOrThrow(await run());
    const perSecond = verified.treeSize / ((performance.now() - start) / 1000);
    metrics.push({
      name: `full verify: ${label} on memory, ${verified.treeSize} entries`,
      value: perSecond,
      unit: 'entries/s',
      baseline: { label: raw.best.label, value: raw.best.perSecond },
      ratio: perSecond / raw.best.perSecond,
      note: 'storage-backed: pages of 1,000 entries, tile comparison per leaf, checkpoint roots; 395-byte leaves like the export',
    });
  }
  return metrics;
}
