import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CheckpointPublisher,
  createAuditLog,
  createHttpCheckpointPublisher,
  createStorageCheckpointPublisher,
} from '../../src/index.js';
import { createFileCheckpointPublisher } from '../../src/node.js';
import { appendMany, createHarness } from '../log/audit-fixture.js';

async function sealedCheckpoints(
  publisher: CheckpointPublisher,
  batches: number,
): Promise<string[]> {
  const storage = createMemoryStorage();
  const harness = createHarness({ storage, batchSize: 2 });
  const log = createAuditLog({
    storage,
    publisher,
    batchSize: 2,
    signing: { originPrefix: 'audit.strongroom.test', masterSeeds: [new Uint8Array(32).fill(7)] },
  });
  await appendMany({ ...harness, log }, batches * 2);
  const notes: string[] = [];
  for (let batch = 0; batch < batches; batch += 1) {
    notes.push(unwrapOrThrow(await log.integrate(harness.tenantId)).checkpoint ?? '');
  }
  return notes;
}

describe('HTTP checkpoint publisher', () => {
  const received: { method: string; type: string; body: string }[] = [];
  let status = 204;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        type: request.headers['content-type'] ?? '',
        body,
      });
      response.writeHead(status).end();
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/acme/checkpoint`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('PUTs every new checkpoint after its batch commits', async () => {
    const notes = await sealedCheckpoints(createHttpCheckpointPublisher({ url, fetch }), 2);
    expect(received.map(({ method, type, body }) => ({ method, type, body }))).toEqual(
      notes.map((body) => ({ method: 'PUT', type: 'text/plain; charset=utf-8', body })),
    );
  });

  it('reports an endpoint refusal as an infrastructure error, retryable for 5xx only', async () => {
    const publisher = createHttpCheckpointPublisher({ url, fetch });
    status = 503;
    expect((await publisher.publish('note'))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      code: '503',
    });
    status = 403;
    expect((await publisher.publish('note'))._unsafeUnwrapErr()).toMatchObject({
      retryable: false,
      code: '403',
    });
    const unreachable = createHttpCheckpointPublisher({
      url: 'http://127.0.0.1:1/checkpoint',
      fetch,
    });
    expect((await unreachable.publish('note'))._unsafeUnwrapErr()).toMatchObject({
      retryable: true,
      operation: 'audit.publish_checkpoint',
    });
    status = 204;
  });
});

describe('storage checkpoint publisher', () => {
  it('keeps every published size, append-only, and refuses a second root for a size', async () => {
    const archive = createMemoryStorage();
    const tenantId = unwrapOrThrow(parseTenantId('archive'));
    const publisher = createStorageCheckpointPublisher({ storage: archive, tenantId });
    const notes = await sealedCheckpoints(publisher, 2);
    expect((await publisher.publish(notes[0] as string)).isOk()).toBe(true);
    const [forkedFirst] = await sealedCheckpoints(
      createHttpCheckpointPublisher({ url: 'http://127.0.0.1:1/', fetch }),
      1,
    );
    expect((await publisher.publish(forkedFirst as string))._unsafeUnwrapErr()).toMatchObject({
      code: 'split_view',
      retryable: false,
    });
  });
});

describe('file checkpoint publisher', () => {
  it('replaces the latest checkpoint file and appends every note to the history', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'strongroom-checkpoints-'));
    try {
      const notes = await sealedCheckpoints(createFileCheckpointPublisher({ directory }), 3);
      expect(await readFile(join(directory, 'checkpoint'), 'utf8')).toBe(notes[2]);
      expect(await readFile(join(directory, 'checkpoints.log'), 'utf8')).toBe(
        notes.map((note) => `${note}\n`).join(''),
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
