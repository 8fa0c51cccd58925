import { err, infrastructureError, ok, type Result } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import type { EnvelopeBinding, EnvelopeError } from '../../src/envelope/envelope-cipher.js';
import { runRewrapJob, type ValueRewrapper } from '../../src/keys/rewrap-job.js';
import { REWRAP_JOBS_COLLECTION } from '../../src/keys/rewrap-job-state.js';
import {
  auditEntries,
  createHarness,
  getRecord,
  type Harness,
  listRecords,
  putRecords,
  tenant,
} from './vault-fixture.js';

const acme = tenant('acme');
const LOCATIONS = [
  { collection: 'shop.cards', fields: ['number', 'holder'] },
  { collection: 'shop.notes', fields: ['body'] },
] as const;

/**
 * A stand-in for a cipher: `old:x` becomes `new:x`, `new:x` is current, `bad` is refused. It
 * records every binding it was called with.
 */
function fakeRewrapper(
  hooks: { before?: (binding: EnvelopeBinding) => Promise<void> } = {},
): ValueRewrapper & { calls: EnvelopeBinding[]; down: boolean } {
  const rewrapper = Object.assign(
    async (
      binding: EnvelopeBinding,
      value: string,
    ): Promise<Result<string | null, EnvelopeError>> => {
      rewrapper.calls.push(binding);
      await hooks.before?.(binding);
      if (rewrapper.down)
        return err(infrastructureError({ retryable: true, operation: 'kms', message: 'down' }));
      if (value.startsWith('old:')) return ok(`new:${value.slice(4)}`);
      if (value.startsWith('new:')) return ok(null);
      return err({ type: 'vault.decryption_failed', reason: 'malformed' });
    },
    { calls: [] as EnvelopeBinding[], down: false },
  );
  return rewrapper;
}

async function seed(harness: Harness): Promise<void> {
  await putRecords(
    harness.storage,
    acme,
    'shop.cards',
    Array.from({ length: 5 }, (_, n) => ({
      id: `card_${n}`,
      // card_4 has no holder: fields that are absent are skipped, not counted.
      data:
        n === 4
          ? { number: `old:n${n}`, brand: 'visa' }
          : { number: `old:n${n}`, holder: `new:h${n}`, brand: 'visa' },
    })),
  );
  await putRecords(harness.storage, acme, 'shop.notes', [
    { id: 'note_0', data: { body: 'old:b0' } },
    { id: 'note_1', data: { body: 'bad' } },
  ]);
}

function run(harness: Harness, rewrapValue: ValueRewrapper, extra: object = {}) {
  return runRewrapJob(harness, {
    tenantId: acme,
    jobId: 'job-1',
    kind: 'envelopes',
    locations: LOCATIONS,
    rewrapValue,
    pageSizeMax: 2,
    ...extra,
  });
}

describe('runRewrapJob', () => {
  it('rewraps every location page by page, with progress and one audit leaf per page', async () => {
    const harness = createHarness();
    await seed(harness);
    const rewrapper = fakeRewrapper();
    const progress = (await run(harness, rewrapper))._unsafeUnwrap();
    expect(progress).toEqual({
      jobId: 'job-1',
      status: 'completed',
      scanned: 11,
      rewrapped: 6,
      alreadyCurrent: 4,
      conflicts: 0,
      failed: 1,
      pages: 4,
      cursor: null,
    });
    const cards = await listRecords(harness.storage, acme, 'shop.cards');
    expect(cards.map((card) => card.data)).toEqual([
      { number: 'new:n0', holder: 'new:h0', brand: 'visa' },
      { number: 'new:n1', holder: 'new:h1', brand: 'visa' },
      { number: 'new:n2', holder: 'new:h2', brand: 'visa' },
      { number: 'new:n3', holder: 'new:h3', brand: 'visa' },
      { number: 'new:n4', brand: 'visa' },
    ]);
    // The value the rewrapper refused is left exactly as it was.
    expect((await getRecord(harness.storage, acme, 'shop.notes', 'note_1'))?.data).toEqual({
      body: 'bad',
    });
    expect(rewrapper.calls[0]).toEqual({ tenantId: acme, recordId: 'card_0', field: 'number' });
    const leaves = (await auditEntries(harness.storage, acme)).filter(
      (entry) => entry.action === 'vault.key.rewrapped',
    );
    expect(leaves.map((leaf) => leaf.details)).toEqual([
      {
        kind: 'envelopes',
        collection: 'shop.cards',
        page: 1,
        scanned: 4,
        rewrapped: 2,
        alreadyCurrent: 2,
        conflicts: 0,
        failed: 0,
        status: 'running',
      },
      {
        kind: 'envelopes',
        collection: 'shop.cards',
        page: 2,
        scanned: 4,
        rewrapped: 2,
        alreadyCurrent: 2,
        conflicts: 0,
        failed: 0,
        status: 'running',
      },
      {
        kind: 'envelopes',
        collection: 'shop.cards',
        page: 3,
        scanned: 1,
        rewrapped: 1,
        alreadyCurrent: 0,
        conflicts: 0,
        failed: 0,
        status: 'running',
      },
      // The adapter reports the last page with no cursor, so no empty page follows.
      {
        kind: 'envelopes',
        collection: 'shop.notes',
        page: 4,
        scanned: 2,
        rewrapped: 1,
        alreadyCurrent: 0,
        conflicts: 0,
        failed: 1,
        status: 'completed',
      },
    ]);
    expect(
      leaves.every(
        (leaf) => leaf.resource.type === 'vault.rewrap_job' && leaf.resource.id === 'job-1',
      ),
    ).toBe(true);
  });

  it('is idempotent: a completed job does nothing again, and a new job finds everything current', async () => {
    const harness = createHarness();
    await seed(harness);
    const first = (await run(harness, fakeRewrapper()))._unsafeUnwrap();
    const leavesAfterFirst = (await auditEntries(harness.storage, acme)).length;
    const again = fakeRewrapper();
    expect((await run(harness, again))._unsafeUnwrap()).toEqual(first);
    expect(again.calls).toHaveLength(0);
    expect(await auditEntries(harness.storage, acme)).toHaveLength(leavesAfterFirst);

    const fresh = (await run(harness, fakeRewrapper(), { jobId: 'job-2' }))._unsafeUnwrap();
    expect(fresh).toMatchObject({
      status: 'completed',
      scanned: 11,
      rewrapped: 0,
      alreadyCurrent: 10,
      failed: 1,
    });
  });

  it('resumes from the stored cursor after a page budget, without redoing committed pages', async () => {
    const harness = createHarness();
    await seed(harness);
    const rewrapper = fakeRewrapper();
    const partial = (await run(harness, rewrapper, { maxPages: 1 }))._unsafeUnwrap();
    expect(partial).toMatchObject({ status: 'running', pages: 1, scanned: 4, rewrapped: 2 });
    expect(partial.cursor?.location).toBe(0);
    expect(partial.cursor?.after).not.toBeNull();
    const stored = await getRecord(harness.storage, acme, REWRAP_JOBS_COLLECTION, 'job-1');
    expect(stored?.data).toMatchObject({ status: 'running', pages: 1, kind: 'envelopes' });
    // card_2 onwards are untouched so far.
    expect((await getRecord(harness.storage, acme, 'shop.cards', 'card_2'))?.data['number']).toBe(
      'old:n2',
    );

    const second = (await run(harness, rewrapper, { maxPages: 2 }))._unsafeUnwrap();
    expect(second).toMatchObject({ status: 'running', pages: 3 });
    expect(second.cursor).toEqual({ location: 1, after: null });
    const done = (await run(harness, rewrapper))._unsafeUnwrap();
    expect(done).toMatchObject({
      status: 'completed',
      pages: 4,
      scanned: 11,
      rewrapped: 6,
      failed: 1,
    });
    // Every value was offered to the rewrapper exactly once over the three runs.
    expect(rewrapper.calls).toHaveLength(11);
  });

  it('stops on a time budget measured by the clock port', async () => {
    const harness = createHarness();
    await seed(harness);
    const rewrapper = fakeRewrapper({
      before: async () => harness.clock.advance(400),
    });
    const progress = (await run(harness, rewrapper, { timeBudgetMs: 1000 }))._unsafeUnwrap();
    // Page 1 (4 values, 1.6 s) overruns the budget, so no second page is started.
    expect(progress).toMatchObject({ status: 'running', pages: 1 });
  });

  it('counts a record changed meanwhile as a conflict, keeps the concurrent write and rewraps it next run', async () => {
    const harness = createHarness();
    await seed(harness);
    let changed = false;
    const rewrapper = fakeRewrapper({
      before: async (binding) => {
        if (changed || binding.recordId !== 'card_1') return;
        changed = true;
        await putRecords(harness.storage, acme, 'shop.cards', [
          { id: 'card_1', data: { number: 'old:edited', holder: 'new:h1', brand: 'amex' } },
        ]);
      },
    });
    const first = (await run(harness, rewrapper))._unsafeUnwrap();
    // card_1's holder was already current, so only its number had a rewrap to lose.
    expect(first).toMatchObject({ status: 'completed', conflicts: 1, rewrapped: 5 });
    expect((await getRecord(harness.storage, acme, 'shop.cards', 'card_1'))?.data).toEqual({
      number: 'old:edited',
      holder: 'new:h1',
      brand: 'amex',
    });
    const second = (await run(harness, fakeRewrapper(), { jobId: 'job-2' }))._unsafeUnwrap();
    expect(second).toMatchObject({ rewrapped: 1, conflicts: 0 });
    expect((await getRecord(harness.storage, acme, 'shop.cards', 'card_1'))?.data['number']).toBe(
      'new:edited',
    );
  });

  it('stops when the KMS is unreachable, writes nothing of that page, and resumes later', async () => {
    const harness = createHarness();
    await seed(harness);
    const rewrapper = fakeRewrapper();
    expect((await run(harness, rewrapper, { maxPages: 1 })).isOk()).toBe(true);
    rewrapper.down = true;
    const failed = await run(harness, rewrapper);
    expect(failed._unsafeUnwrapErr().type).toBe('infrastructure');
    const stored = await getRecord(harness.storage, acme, REWRAP_JOBS_COLLECTION, 'job-1');
    expect(stored?.data['pages']).toBe(1);
    rewrapper.down = false;
    expect((await run(harness, rewrapper))._unsafeUnwrap()).toMatchObject({
      status: 'completed',
      rewrapped: 6,
    });
  });

  it('refuses to resume a job id for other work', async () => {
    const harness = createHarness();
    await seed(harness);
    expect((await run(harness, fakeRewrapper(), { maxPages: 1 })).isOk()).toBe(true);
    const otherLocations = await run(harness, fakeRewrapper(), {
      locations: [{ collection: 'shop.cards', fields: ['number'] }],
    });
    expect(otherLocations._unsafeUnwrapErr()).toEqual({
      type: 'vault.rewrap_job_mismatch',
      jobId: 'job-1',
    });
    const otherKind = await run(harness, fakeRewrapper(), { kind: 'subject_keys' });
    expect(otherKind._unsafeUnwrapErr().type).toBe('vault.rewrap_job_mismatch');
  });

  it('stops with vault.rewrap_job_busy when another runner advanced the same job', async () => {
    const harness = createHarness();
    await seed(harness);
    let raced = false;
    const rewrapper = fakeRewrapper({
      before: async () => {
        if (raced) return;
        raced = true;
        const other = await run(harness, fakeRewrapper(), { maxPages: 1 });
        expect(other.isOk()).toBe(true);
      },
    });
    const busy = await run(harness, rewrapper);
    expect(busy._unsafeUnwrapErr()).toEqual({ type: 'vault.rewrap_job_busy', jobId: 'job-1' });
    const stored = await getRecord(harness.storage, acme, REWRAP_JOBS_COLLECTION, 'job-1');
    expect(stored?.data['pages']).toBe(1);
  });

  it('halves the page when a page does not fit one transaction', async () => {
    const harness = createHarness({ limits: { bytesPerTransaction: 6000 } });
    for (let n = 0; n < 6; n += 1) {
      await putRecords(harness.storage, acme, 'shop.notes', [
        { id: `note_${n}`, data: { body: `old:${'x'.repeat(1500)}${n}` } },
      ]);
    }
    const progress = await runRewrapJob(harness, {
      tenantId: acme,
      jobId: 'big',
      kind: 'envelopes',
      locations: [{ collection: 'shop.notes', fields: ['body'] }],
      rewrapValue: fakeRewrapper(),
      pageSizeMax: 6,
    });
    // 6 records do not fit one transaction; 3 do, so the job finished in two pages.
    expect(progress._unsafeUnwrap()).toMatchObject({ status: 'completed', rewrapped: 6, pages: 2 });
    const notes = await listRecords(harness.storage, acme, 'shop.notes');
    expect(notes.every((note) => String(note.data['body']).startsWith('new:'))).toBe(true);
  });

  it('refuses bad arguments with typed validation errors', async () => {
    const harness = createHarness();
    const cases: [object, string][] = [
      [{ jobId: 'bad job' }, 'jobId'],
      [{ jobId: '' }, 'jobId'],
      [{ locations: [] }, 'locations'],
      [{ locations: [{ collection: 'Bad Name', fields: ['a'] }] }, 'locations.collection'],
      [
        { locations: [{ collection: REWRAP_JOBS_COLLECTION, fields: ['a'] }] },
        'locations.collection',
      ],
      [{ locations: [{ collection: 'shop.cards', fields: [] }] }, 'locations.fields'],
      [{ locations: [{ collection: 'shop.cards', fields: ['a', 'a'] }] }, 'locations.fields'],
      [{ locations: [{ collection: 'shop.cards', fields: ['no-dash'] }] }, 'locations.fields'],
      [{ pageSizeMax: 0 }, 'pageSizeMax'],
      [{ pageSizeMax: 999 }, 'pageSizeMax'], // the memory storage commits 1000 writes: 998 records at most
      [{ pageSizeMax: 1.5 }, 'pageSizeMax'],
      [{ maxPages: 0 }, 'maxPages'],
      [{ timeBudgetMs: -1 }, 'timeBudgetMs'],
    ];
    for (const [extra, field] of cases) {
      const result = await run(harness, fakeRewrapper(), extra);
      expect(result._unsafeUnwrapErr()).toMatchObject({ type: 'validation', field });
    }
    expect((await run(harness, fakeRewrapper(), { pageSizeMax: 998 })).isOk()).toBe(true);
  });
});
