import { type JsonObject, ok, type Storage, type TransactionIsolation } from '@strongroom/kernel';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Fixture, tenant } from './support/backends.js';

const KEYS = ['a', 'b'] as const;
type Key = (typeof KEYS)[number];
const COLLECTION = 'model';
const OPERATIONS_MAX = 12;

// What a key holds in the model: version 0 is no row.
interface Row {
  readonly version: number;
  readonly data: JsonObject;
}

// One step of an attempt as generated: `fresh` expects the version the attempt sees, otherwise
// one off it (`offset`), which is a mismatch.
type Step =
  | {
      readonly kind: 'put' | 'delete';
      readonly key: Key;
      readonly fresh: boolean;
      readonly offset: 1 | -1;
    }
  | { readonly kind: 'get'; readonly key: Key }
  | { readonly kind: 'list' };

// A step with the version it expects resolved against the model.
type Operation =
  | {
      readonly kind: 'put';
      readonly key: Key;
      readonly expectedVersion: number;
      readonly data: JsonObject;
    }
  | { readonly kind: 'delete'; readonly key: Key; readonly expectedVersion: number }
  | { readonly kind: 'get'; readonly key: Key }
  | { readonly kind: 'list' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('put' as const, 'delete' as const),
    key: fc.constantFrom(...KEYS),
    fresh: fc.boolean(),
    offset: fc.constantFrom(1 as const, -1 as const),
  }),
  fc.record({ kind: fc.constant('get' as const), key: fc.constantFrom(...KEYS) }),
  fc.record({ kind: fc.constant('list' as const) }),
);

// A wrong version for a row at `version`, never 0: an insert over an existing row is not
// generated, since an insert the attempt then deletes again is never sent (see the delete of a
// held-back insert), which a model of writes sent one by one cannot express.
function wrongVersion(version: number, offset: 1 | -1): number {
  const wrong = version + offset;
  return wrong >= 1 ? wrong : version + 1;
}

// Runs the steps against a model where every write is checked at once: the operations with
// their expected versions, what each read returns, and the state committed (or undefined when a
// write mismatched and the attempt must fail).
function simulate(
  initial: ReadonlyMap<Key, Row>,
  steps: readonly Step[],
): { operations: Operation[]; reads: unknown[]; committed: Map<Key, Row> | undefined } {
  const state = new Map(initial);
  const operations: Operation[] = [];
  const reads: unknown[] = [];
  let failed = false;
  steps.forEach((step, index) => {
    if (step.kind === 'get' || step.kind === 'list') {
      operations.push(step);
      // After a failed write the model keeps answering from the state before it: a read the
      // attempt still gets to run reads rows the failed and later writes did not touch.
      const rows = step.kind === 'get' ? [step.key] : KEYS;
      reads.push(
        rows.flatMap((key) => {
          const row = state.get(key);
          return row === undefined ? [] : [{ id: key, ...row }];
        }),
      );
      return;
    }
    const version = state.get(step.key)?.version ?? 0;
    let expectedVersion: number;
    if (step.kind === 'put')
      expectedVersion = step.fresh ? version : wrongVersion(version, step.offset);
    // Deleting an absent row at version 0 is a programmer error: expect a version it lacks.
    else expectedVersion = step.fresh && version > 0 ? version : wrongVersion(version, step.offset);
    if (step.kind === 'put') {
      const data = { step: index };
      operations.push({ kind: 'put', key: step.key, expectedVersion, data });
      if (expectedVersion !== version) failed = true;
      else if (!failed) state.set(step.key, { version: version + 1, data });
    } else {
      operations.push({ kind: 'delete', key: step.key, expectedVersion });
      if (expectedVersion !== version) failed = true;
      else if (!failed) state.delete(step.key);
    }
  });
  return { operations, reads, committed: failed ? undefined : state };
}

async function readAll(
  storage: Storage,
  tenantId: ReturnType<typeof tenant>,
): Promise<Map<Key, Row>> {
  const records = await storage.transaction(tenantId, async (tx) =>
    ok(await tx.records.getMany(COLLECTION, KEYS)),
  );
  const state = new Map<Key, Row>();
  records._unsafeUnwrap().forEach((record, index) => {
    const key = KEYS[index];
    if (record !== undefined && key !== undefined)
      state.set(key, { version: record.version, data: record.data });
  });
  return state;
}

describe.each(BACKENDS)(
  'held-back writes against a model of writes sent one by one on $name',
  (backend) => {
    let fixture: Fixture;
    let storage: Storage;
    let runs = 0;

    beforeAll(async () => {
      fixture = await backend.open();
      storage = await fixture.storage();
    });
    afterAll(() => fixture?.close());

    it('commits what the model commits, reads what it reads, and fails where it fails', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...KEYS.map(() => fc.integer({ min: 0, max: 3 }))),
          fc.array(stepArbitrary, { minLength: 1, maxLength: OPERATIONS_MAX }),
          fc.constantFrom<TransactionIsolation>('serializable', 'read_committed'),
          async (versions, steps, isolation) => {
            runs += 1;
            const tenantId = tenant(`model-${backend.name}-${runs}`);
            // Each version of the starting rows committed on its own, so nothing is held back yet.
            const initial = new Map<Key, Row>();
            for (const [index, key] of KEYS.entries()) {
              const target = versions[index] ?? 0;
              for (let version = 1; version <= target; version += 1) {
                const data = { step: -version };
                const written = await storage.transaction(tenantId, async (tx) =>
                  ok(
                    await tx.records.put({
                      collection: COLLECTION,
                      id: key,
                      data,
                      expectedVersion: version - 1,
                    }),
                  ),
                );
                written._unsafeUnwrap();
                initial.set(key, { version, data });
              }
            }
            const model = simulate(initial, steps);
            const reads: unknown[] = [];
            const result = await storage.transaction(
              tenantId,
              async (tx) => {
                for (const operation of model.operations) {
                  if (operation.kind === 'put') {
                    const { key, expectedVersion, data } = operation;
                    await tx.records.put({
                      collection: COLLECTION,
                      id: key,
                      data,
                      expectedVersion,
                    });
                  } else if (operation.kind === 'delete') {
                    const { key, expectedVersion } = operation;
                    await tx.records.delete({ collection: COLLECTION, id: key, expectedVersion });
                  } else {
                    const records =
                      operation.kind === 'get'
                        ? [await tx.records.get(COLLECTION, operation.key)]
                        : (await tx.records.list(COLLECTION, { limit: KEYS.length })).items;
                    reads.push(
                      records.flatMap((record) =>
                        record === undefined
                          ? []
                          : [{ id: record.id, version: record.version, data: record.data }],
                      ),
                    );
                  }
                }
                return ok(null);
              },
              { isolation, maxAttempts: 1 },
            );
            if (model.committed === undefined) {
              const failure = result._unsafeUnwrapErr();
              // At READ COMMITTED a mismatch the database finds is a conflict (`AttemptContext`).
              if (isolation === 'serializable')
                expect(failure.type).toBe('storage.version_mismatch');
              else expect(['storage.version_mismatch', 'storage.conflict']).toContain(failure.type);
              expect(await readAll(storage, tenantId)).toEqual(initial);
            } else {
              expect(result.isOk()).toBe(true);
              expect(await readAll(storage, tenantId)).toEqual(model.committed);
            }
            // Every read saw what the model saw. An attempt that fails may stop before its last
            // reads: a stale write fails the read that must send it (one of its row, a listing)
            // or COMMIT, while reads of other rows still run; one that commits ran every read.
            if (model.committed === undefined)
              expect(reads).toEqual(model.reads.slice(0, reads.length));
            else expect(reads).toEqual(model.reads);
          },
        ),
        { numRuns: 150 },
      );
    });
  },
);
