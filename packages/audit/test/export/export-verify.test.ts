import { unwrapOrThrow } from '@strongroom/kernel';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_EXPORT_FORMAT,
  type ExportEntryLine,
  type ExportHeaderLine,
  exportLog,
  type NoteVerifier,
  verifyExport,
} from '../../src/index.js';
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

function entryLine(line: string | undefined): ExportEntryLine {
  return JSON.parse(line ?? '') as ExportEntryLine;
}

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

  it('writes a header with the latest checkpoint, then every entry in order', async () => {
    expect(lines).toHaveLength(11);
    const header = JSON.parse(lines[0] ?? '') as ExportHeaderLine;
    expect(header).toEqual({
      format: AUDIT_EXPORT_FORMAT,
      checkpoint: (await latestOpened(harness)).note,
    });
    const entries = lines.slice(1).map(entryLine);
    expect(entries.map((line) => line.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(entries.map((line) => line.leaf)).toEqual(await integratedLeaves(harness));
  });

  it('verifies offline, from lines or from the export stream itself', async () => {
    const verified = unwrapOrThrow(await verifyExport(lines, verifiers));
    expect(verified.treeSize).toBe(10);
    expect(Buffer.from(verified.rootHash)).toEqual(naiveRoot(await integratedLeaves(harness)));
    const streamed = await verifyExport(exportLog(harness.storage, harness.tenantId), verifiers);
    expect(unwrapOrThrow(streamed).treeSize).toBe(10);
    // Blank lines (a trailing newline, CRLF leftovers) are not entries.
    expect(unwrapOrThrow(await verifyExport(['', ...lines, '', '  '], verifiers)).treeSize).toBe(
      10,
    );
  });

  describe('refuses a tampered export with a typed reason', () => {
    const failure = async (tampered: readonly string[], trusted = verifiers) => {
      const verified = await verifyExport(tampered, trusted);
      expect(verified.isErr()).toBe(true);
      return verified._unsafeUnwrapErr();
    };
    const withLine = (position: number, line: string) =>
      lines.map((original, i) => (i === position ? line : original));

    it('a changed leaf: the entries no longer add up to the signed root', async () => {
      const line = entryLine(lines[4]);
      const changed = JSON.stringify({ ...line, leaf: line.leaf.replace('"n":3', '"n":33') });
      expect(changed).not.toBe(lines[4]);
      expect(await failure(withLine(4, changed))).toEqual({
        type: 'audit.verification_failed',
        reason: 'root_mismatch',
        firstBadIndex: null,
      });
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
      const [a, b] = [entryLine(lines[3]), entryLine(lines[5])];
      const swapped = withLine(3, JSON.stringify({ index: a.index, leaf: b.leaf })).map(
        (line, i) => (i === 5 ? JSON.stringify({ index: b.index, leaf: a.leaf }) : line),
      );
      expect(await failure(swapped)).toMatchObject({ reason: 'root_mismatch' });
    });

    it('an extra line beyond the signed size: unexpected', async () => {
      const extra = JSON.stringify({ index: 10, leaf: entryLine(lines[1]).leaf });
      expect(await failure([...lines, extra])).toEqual({
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
      ['a header that is not JSON', ['strongroom-audit-export/v1']],
      ['a header that is a JSON array', ['[]']],
    ])('a bad header (%s): malformed', async (_, header) => {
      expect(await failure([...header, ...lines.slice(1)])).toEqual({
        type: 'audit.verification_failed',
        reason: 'malformed_export',
        firstBadIndex: null,
      });
    });

    it('entry lines that are not entries: malformed at their position', async () => {
      expect(await failure(withLine(3, '{"index":2'))).toEqual({
        type: 'audit.verification_failed',
        reason: 'malformed_export',
        firstBadIndex: 2,
      });
      expect(await failure(withLine(3, JSON.stringify({ index: 2 })))).toMatchObject({
        reason: 'malformed_export',
        firstBadIndex: 2,
      });
      expect(await failure(withLine(3, JSON.stringify({ index: '2', leaf: 'x' })))).toMatchObject({
        reason: 'malformed_export',
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
});
