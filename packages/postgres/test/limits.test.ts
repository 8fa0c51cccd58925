import { ok, type StorageTransaction, typeIdGenerator } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POSTGRES_LIMITS } from '../src/index.js';
import { BACKENDS, type Fixture, tenant } from './support/backends.js';

const acme = tenant('acme');

const put = (tx: StorageTransaction, id: string, text = '') =>
  tx.records.put({ collection: 'limited', id, data: { text }, expectedVersion: 0 });

describe.each(BACKENDS)('limits on $name', (backend) => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await backend.open();
  });
  afterAll(() => fixture?.close());

  it('defaults to 1000 writes, 4 MiB per transaction and 400 KiB per record', async () => {
    const storage = await fixture.storage();
    expect(storage.limits).toEqual({
      writesPerTransaction: 1000,
      bytesPerTransaction: 4 * 1024 * 1024,
      bytesPerRecord: 400 * 1024,
    });
    expect(storage.limits).toEqual(DEFAULT_POSTGRES_LIMITS);
  });

  it('refuses the write past the count, counting records and events, and writes nothing', async () => {
    const storage = await fixture.storage({ limits: { writesPerTransaction: 3 } });
    const result = await storage.transaction(acme, async (tx) => {
      await put(tx, 'w1');
      await put(tx, 'w1-again').then(() =>
        tx.records.delete({ collection: 'limited', id: 'w1-again', expectedVersion: 1 }),
      );
      await tx.outbox.append([
        {
          id: typeIdGenerator.next('evt'),
          tenantId: acme,
          type: 'test.limited',
          schemaVersion: 1,
          payload: {},
          occurredAt: new Date(),
          correlationId: null,
          causationId: null,
        },
      ]);
      await put(tx, 'w4');
      return ok(undefined);
    });
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'storage.limit_exceeded',
      limit: 'writes_per_transaction',
      maximum: 3,
      attempted: 4,
    });
    const stored = await storage.transaction(acme, async (tx) =>
      ok(await tx.records.getMany('limited', ['w1', 'w1-again'])),
    );
    expect(stored._unsafeUnwrap()).toEqual([undefined, undefined]);
  });

  it('refuses a record or a transaction over its byte limit', async () => {
    const storage = await fixture.storage({
      limits: { bytesPerRecord: 100, bytesPerTransaction: 150 },
    });
    const big = await storage.transaction(acme, async (tx) =>
      ok(await put(tx, 'big', 'x'.repeat(100))),
    );
    expect(big._unsafeUnwrapErr()).toMatchObject({ limit: 'bytes_per_record', maximum: 100 });
    const total = await storage.transaction(acme, async (tx) => {
      await put(tx, 'half-1', 'x'.repeat(70));
      await put(tx, 'half-2', 'x'.repeat(70));
      return ok(undefined);
    });
    expect(total._unsafeUnwrapErr()).toMatchObject({
      limit: 'bytes_per_transaction',
      maximum: 150,
    });
  });

  it('rejects limits that cannot be limits', async () => {
    await expect(fixture.storage({ limits: { writesPerTransaction: 0 } })).rejects.toThrow(
      /positive integer/,
    );
  });
});
