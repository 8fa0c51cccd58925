import { unwrapOrThrow } from '@strongroom/kernel';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_EXPORT_FORMAT,
  AUDIT_EXPORT_LINE_MAX_LENGTH,
  type ExportEntryLine,
  type ExportHeaderLine,
  exportLog,
  type NoteVerifier,
  verifyExport,
  verifyExportBytes,
} from '../../src/index.js';
import { nodeMerkleHasher, parallelLeafTree } from '../../src/node.js';
import {
  appendMany,
  createHarness,
  drain,
  type Harness,
  integratedLeaves,
  latestOpened,
  naiveRoot,
  SEED_NEW,
  tenant,
} from '../log/audit-fixture.js';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const collected: string[] = [];
  for await (const line of lines) collected.push(line);
  return collected;
}

// The leaf an entry line carries: its text between the first comma and the closing bracket.
function leafOf(line: string | undefined): string {
  const text = line ?? '';
  return text.slice(text.indexOf(',') + 1, -1);
}

// A file's bytes in chunks of `size`, so lines (and multi-byte characters) straddle chunks.
function* chunksOf(text: string, size: number): Generator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let start = 0; start < bytes.length; start += size)
    yield bytes.subarray(start, start + size);
}

type Reader = (
  lines: readonly string[],
  verifiers: readonly NoteVerifier[],
) => ReturnType<typeof verifyExport>;

// Every way an export reaches a verifier; each must give the same answers.
const READERS: readonly (readonly [string, Reader])[] = [
  ['lines', (lines, verifiers) => verifyExport(lines, verifiers)],
  [
    'lines, native hasher',
    (lines, verifiers) => verifyExport(lines, verifiers, { hasher: nodeMerkleHasher }),
  ],
  [
    'bytes in 7-byte chunks',
    (lines, verifiers) => verifyExportBytes(chunksOf(`${lines.join('\n')}\n`, 7), verifiers),
  ],
  [
    'bytes in one chunk, CRLF, no final newline, native hasher',
    (lines, verifiers) =>
      verifyExportBytes(chunksOf(lines.join('\r\n'), 1 << 20), verifiers, {
        hasher: nodeMerkleHasher,
      }),
  ],
  [
    'bytes in 7-byte chunks, on 2 worker threads in batches of 2 leaves',
    (lines, verifiers) =>
      verifyExportBytes(chunksOf(`${lines.join('\n')}\n`, 7), verifiers, {
        leafTree: parallelLeafTree({ workers: 2, batchLeaves: 2 }),
      }),
  ],
  [
    'lines, on 3 worker threads in batches of 4 leaves',
    (lines, verifiers) =>
      verifyExport(lines, verifiers, {
        leafTree: parallelLeafTree({ workers: 3, batchLeaves: 4 }),
      }),
  ],
];

describe('exportLog', () => {
  let harness: Harness;
  let lines: string[];
  let verifiers: NoteVerifier[];

  beforeAll(async () => {
    harness = createHarness({ batchSize: 4 });
    await appendMany(harness, 10);
    await drain(harness);
    // Leaves still pending are not part of any checkpoint, so not of the export.
    await appendMany(harness, 2, 10);
    lines = await collect(exportLog(harness.storage, harness.tenantId));
    verifiers = harness.log.signers(harness.tenantId).map((signer) => signer.verifier);
  });

  it('writes a header with the latest checkpoint, then every entry in order, verbatim', async () => {
    expect(lines).toHaveLength(11);
    const header = JSON.parse(lines[0] ?? '') as ExportHeaderLine;
    expect(header).toEqual({
      format: AUDIT_EXPORT_FORMAT,
      checkpoint: (await latestOpened(harness)).note,
    });
    const leaves = await integratedLeaves(harness);
    // Each line is JSON ([index, entry]) and carries the exact leaf bytes that were hashed.
    const entries = lines.slice(1).map((line) => JSON.parse(line) as ExportEntryLine);
    expect(entries.map(([index]) => index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(entries.map(([, entry]) => entry)).toEqual(leaves.map((leaf) => JSON.parse(leaf)));
    expect(lines.slice(1).map(leafOf)).toEqual(leaves);
  });

  it('verifies offline, from the export stream itself', async () => {
    const streamed = await verifyExport(exportLog(harness.storage, harness.tenantId), verifiers);
    expect(Buffer.from(unwrapOrThrow(streamed).rootHash)).toEqual(
      naiveRoot(await integratedLeaves(harness)),
    );
  });

  describe.each(READERS)('read as %s', (_, read) => {
    const failure = async (tampered: readonly string[], trusted = verifiers) => {
      const verified = await read(tampered, trusted);
      expect(verified.isErr()).toBe(true);
      return verified._unsafeUnwrapErr();
    };
    const withLine = (position: number, line: string) =>
      lines.map((original, i) => (i === position ? line : original));

    it('verifies an intact export to the signed root, blank lines aside', async () => {
      const verified = unwrapOrThrow(await read(lines, verifiers));
      expect(verified.treeSize).toBe(10);
      expect(Buffer.from(verified.rootHash)).toEqual(naiveRoot(await integratedLeaves(harness)));
      expect(unwrapOrThrow(await read(['', ...lines, '', '  '], verifiers)).treeSize).toBe(10);
    });

    it('a changed leaf: the entries no longer add up to the signed root', async () => {
      const changed = (lines[4] ?? '').replace('"n":3', '"n":33');
      expect(changed).not.toBe(lines[4]);
      expect(await failure(withLine(4, changed))).toEqual({
        type: 'audit.verification_failed',
        reason: 'root_mismatch',
        firstBadIndex: null,
      });
    });

    it('a leaf re-serialized with other whitespace: its bytes, not its meaning, are signed', async () => {
      const [index, entry] = JSON.parse(lines[4] ?? '') as ExportEntryLine;
      const respaced = JSON.stringify([index, entry], null, 0).replace(',', ', ');
      expect(await failure(withLine(4, respaced))).toMatchObject({ reason: 'malformed_export' });
      const pretty = `[${index},${JSON.stringify(entry).replace(':', ': ')}]`;
      expect(await failure(withLine(4, pretty))).toMatchObject({ reason: 'root_mismatch' });
    });

    it('a dropped line: missing at its index', async () => {
      expect(await failure(lines.filter((_, i) => i !== 6))).toEqual({
        type: 'audit.verification_failed',
        reason: 'missing_entry',
        firstBadIndex: 5,
      });
      expect(await failure(lines.slice(0, -2))).toMatchObject({
        reason: 'missing_entry',
        firstBadIndex: 8,
      });
    });

    it('reordered lines: the first entry out of place is missing where it belongs', async () => {
      const swapped = withLine(3, lines[5] ?? '').map((line, i) =>
        i === 5 ? (lines[3] ?? '') : line,
      );
      expect(await failure(swapped)).toEqual({
        type: 'audit.verification_failed',
        reason: 'missing_entry',
        firstBadIndex: 2,
      });
    });

    it('leaves swapped between numbered lines: the root no longer matches', async () => {
      const swapped = withLine(3, `[2,${leafOf(lines[5])}]`).map((line, i) =>
        i === 5 ? `[4,${leafOf(lines[3])}]` : line,
      );
      expect(await failure(swapped)).toMatchObject({ reason: 'root_mismatch' });
    });

    it('an extra line beyond the signed size: unexpected', async () => {
      expect(await failure([...lines, `[10,${leafOf(lines[1])}]`])).toEqual({
        type: 'audit.verification_failed',
        reason: 'unexpected_entry',
        firstBadIndex: 10,
      });
    });

    it('a repeated line: a mismatch at the position it repeats into', async () => {
      expect(await failure([...lines.slice(0, 4), lines[3] ?? '', ...lines.slice(4)])).toEqual({
        type: 'audit.verification_failed',
        reason: 'entry_mismatch',
        firstBadIndex: 3,
      });
    });

    it.each([
      ['no header at all', []],
      ['a header of another format', [JSON.stringify({ format: 'other/v1', checkpoint: 'x' })]],
      ['a header without a checkpoint', [JSON.stringify({ format: AUDIT_EXPORT_FORMAT })]],
      ['a header that is not JSON', [AUDIT_EXPORT_FORMAT]],
      ['a header that is a JSON array', ['[]']],
    ])('a bad header (%s): malformed', async (_, header) => {
      expect(await failure([...header, ...lines.slice(1)])).toEqual({
        type: 'audit.verification_failed',
        reason: 'malformed_export',
        firstBadIndex: null,
      });
    });

    it.each([
      ['cut short', () => '[2,{"n":2'],
      ['without an entry', () => '[2]'],
      ['with an empty entry', () => '[2,]'],
      ['with a quoted index', (leaf: string) => `["2",${leaf}]`],
      ['with a signed index', (leaf: string) => `[+2,${leaf}]`],
      ['with a leading zero', (leaf: string) => `[02,${leaf}]`],
      ['with an index past 2^53', (leaf: string) => `[90071992547409931,${leaf}]`],
      ['with an entry that is a string', () => '[2,"{}"]'],
      ['as an object', (leaf: string) => JSON.stringify({ index: 2, leaf })],
    ])('an entry line %s: malformed at its position', async (_, lineOf) => {
      expect(await failure(withLine(3, lineOf(leafOf(lines[3]))))).toEqual({
        type: 'audit.verification_failed',
        reason: 'malformed_export',
        firstBadIndex: 2,
      });
    });

    it('a line longer than any export writes: malformed, without reading it', async () => {
      const long = `[2,{"n":"${'x'.repeat(AUDIT_EXPORT_LINE_MAX_LENGTH)}"}]`;
      expect(await failure(withLine(3, long))).toEqual({
        type: 'audit.verification_failed',
        reason: 'malformed_export',
        firstBadIndex: 2,
      });
    });

    it('a checkpoint signed by another key: bad signature', async () => {
      const otherTenant = harness.log.signers(tenant('globex')).map((signer) => signer.verifier);
      expect(await failure(lines, otherTenant)).toEqual({
        type: 'audit.verification_failed',
        reason: 'checkpoint_signature',
        firstBadIndex: null,
      });
      const rotatedAway = createHarness({ masterSeeds: [SEED_NEW] });
      const newKeyOnly = rotatedAway.log.signers(harness.tenantId).map((signer) => signer.verifier);
      expect(await failure(lines, newKeyOnly)).toMatchObject({ reason: 'checkpoint_signature' });
    });

    it('a header checkpoint with an edited size: bad signature', async () => {
      const header = JSON.parse(lines[0] ?? '') as ExportHeaderLine;
      const forged = { ...header, checkpoint: header.checkpoint.replace('\n10\n', '\n9\n') };
      expect(forged.checkpoint).not.toBe(header.checkpoint);
      expect(await failure([JSON.stringify(forged), ...lines.slice(1, -1)])).toMatchObject({
        reason: 'checkpoint_signature',
      });
    });
  });

  it('reads bytes that are not UTF-8 in the header as a malformed export', async () => {
    const body = Buffer.from(`${lines.slice(1).join('\n')}\n`);
    const verified = await verifyExportBytes(
      [Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d, 0x0a), body],
      verifiers,
    );
    expect(verified._unsafeUnwrapErr()).toMatchObject({ reason: 'malformed_export' });
  });

  it('reads an async byte stream, as a file is read', async () => {
    async function* stream() {
      yield* chunksOf(`${lines.join('\n')}\n`, 64);
    }
    expect(unwrapOrThrow(await verifyExportBytes(stream(), verifiers)).treeSize).toBe(10);
  });
});
