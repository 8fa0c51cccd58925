import { type DomainError, errAsync, FakeClock, ok, type ResultAsync } from '@strongroom/kernel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatCheckpointBody } from '../../src/checkpoint/checkpoint-body.js';
import { createCosigner } from '../../src/checkpoint/cosigner.js';
import { createNoteSigner } from '../../src/checkpoint/note-signer.js';
import { parseVerifierKey } from '../../src/checkpoint/note-verifier.js';
import { openCheckpoint } from '../../src/checkpoint/open-checkpoint.js';
import { signCheckpoint } from '../../src/checkpoint/sign-checkpoint.js';
import { formatSignatureLine, parseSignedNote } from '../../src/checkpoint/signed-note.js';
import { verifyCosignature } from '../../src/checkpoint/verify-cosignature.js';
import type { ConsistencyProofSource } from '../../src/witness/consistency-proof-source.js';
import { WitnessClient } from '../../src/witness/witness-client.js';
import { consistencyProof, leafHash, treeHash } from './naive-merkle.js';
import { startTestWitness, type TestWitness } from './test-witness.js';

const ORIGIN = 'strongroom.example/audit';
const clock = new FakeClock(new Date('2026-03-31T12:00:00Z'));
const NOW_SECONDS = 1774958400;
const logKey = createNoteSigner({ name: ORIGIN, seed: new Uint8Array(32).fill(1) });
const strangerKey = createNoteSigner({ name: ORIGIN, seed: new Uint8Array(32).fill(2) });
const cosigner = createCosigner({
  name: 'witness.test/w1',
  seed: new Uint8Array(32).fill(3),
  clock,
});
const otherCosigner = createCosigner({
  name: 'witness.test/w2',
  seed: new Uint8Array(32).fill(4),
  clock,
});
const leaves = Array.from({ length: 40 }, (_, index) =>
  leafHash(new TextEncoder().encode(`entry ${index}`)),
);

function checkpointAt(size: number, signer = logKey, origin = ORIGIN): string {
  const body = formatCheckpointBody({
    origin,
    treeSize: size,
    rootHash: treeHash(leaves.slice(0, size)),
  });
  return signCheckpoint(body, [signer]);
}

let witness: TestWitness;
let proofSource: ReturnType<typeof vi.fn<ConsistencyProofSource>>;

function client(
  options: Partial<ConstructorParameters<typeof WitnessClient>[0]> = {},
): WitnessClient {
  return new WitnessClient({
    submissionPrefix: `${witness.url}/`,
    witness: cosigner.verifier,
    fetch: (url, init) => fetch(url, init),
    consistencyProof: proofSource,
    ...options,
  });
}

beforeEach(async () => {
  proofSource = vi.fn<ConsistencyProofSource>((oldSize, newSize) =>
    ok(consistencyProof(leaves, oldSize, newSize)),
  );
  witness = await startTestWitness({ cosigner, logs: new Map([[ORIGIN, [logKey.verifier]]]) });
});

afterEach(async () => {
  await witness.close();
});

describe('WitnessClient against an in-process tlog-witness', () => {
  it('adds a first checkpoint from size 0 with an empty proof and merges a verifiable cosignature', async () => {
    const witnessClient = client();
    const result = (await witnessClient.addCheckpoint(checkpointAt(5)))._unsafeUnwrap();
    expect(witness.requests).toEqual([{ oldSize: 0, proofLength: 0, status: 200 }]);
    expect(proofSource).not.toHaveBeenCalled();
    expect(result.treeSize).toBe(5);
    expect(result.timestampSeconds).toBe(NOW_SECONDS);
    expect(result.cosignatures.map((signature) => signature.name)).toEqual([cosigner.name]);
    expect(verifyCosignature(result.note, cosigner.vkey)._unsafeUnwrap().timestampSeconds).toBe(
      NOW_SECONDS,
    );
    const opened = openCheckpoint(result.note, [logKey.verifier])._unsafeUnwrap();
    expect(opened.treeSize).toBe(5);
    expect(witness.state.get(ORIGIN)?.size).toBe(5);
    expect(witnessClient.witnessSize).toBe(5);
  });

  it('sends a consistency proof from the size the witness has on the next add', async () => {
    const witnessClient = client();
    await witnessClient.addCheckpoint(checkpointAt(5));
    const result = await witnessClient.addCheckpoint(checkpointAt(13));
    expect(result._unsafeUnwrap().treeSize).toBe(13);
    expect(proofSource).toHaveBeenCalledWith(5, 13);
    expect(witness.requests.map(({ oldSize, status }) => [oldSize, status])).toEqual([
      [0, 200],
      [5, 200],
    ]);
    expect(witness.requests[1]?.proofLength).toBeGreaterThan(0);
    expect(witness.state.get(ORIGIN)?.size).toBe(13);
  });

  it('re-adds the same checkpoint with an empty proof', async () => {
    const witnessClient = client();
    await witnessClient.addCheckpoint(checkpointAt(8));
    expect((await witnessClient.addCheckpoint(checkpointAt(8))).isOk()).toBe(true);
    expect(witness.requests.map(({ oldSize, proofLength }) => [oldSize, proofLength])).toEqual([
      [0, 0],
      [8, 0],
    ]);
  });

  it('resyncs on 409: fetches the proof from the size the witness reports and retries', async () => {
    await client().addCheckpoint(checkpointAt(6));
    const fresh = client();
    const result = await fresh.addCheckpoint(checkpointAt(21));
    expect(result._unsafeUnwrap().treeSize).toBe(21);
    expect(witness.requests.map(({ oldSize, status }) => [oldSize, status])).toEqual([
      [0, 200],
      [0, 409],
      [6, 200],
    ]);
    expect(proofSource).toHaveBeenCalledWith(6, 21);
    expect(fresh.witnessSize).toBe(21);
  });

  it('uses an old size the caller persisted instead of its own memory', async () => {
    await client().addCheckpoint(checkpointAt(6));
    const result = await client().addCheckpoint(checkpointAt(9), { oldSize: 6 });
    expect(result.isOk()).toBe(true);
    expect(witness.requests.map(({ oldSize }) => oldSize)).toEqual([0, 6]);
  });

  it('gives up after the allowed number of resyncs', async () => {
    let reported = 0;
    witness.override = () => {
      reported += 1;
      return { status: 409, contentType: 'text/x.tlog.size; charset=utf-8', body: `${reported}\n` };
    };
    const result = await client({ resyncAttemptsMax: 3 }).addCheckpoint(checkpointAt(30));
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'witness.resync_exhausted',
      attempts: 3,
      witnessSize: 4,
    });
    expect(witness.requests.map(({ oldSize }) => oldSize)).toEqual([0, 1, 2, 3]);
  });

  it('reports a conflict when the witness has seen a larger tree', async () => {
    await client().addCheckpoint(checkpointAt(12));
    const behind = client();
    const result = await behind.addCheckpoint(checkpointAt(9));
    expect(result._unsafeUnwrapErr()).toEqual({ type: 'witness.conflict', witnessSize: 12 });
    expect(witness.requests).toHaveLength(2);
    // It learnt the witness size, so the next, larger checkpoint goes out with the right old size.
    expect(behind.witnessSize).toBe(12);
    expect((await behind.addCheckpoint(checkpointAt(15))).isOk()).toBe(true);
    expect(witness.requests.map(({ oldSize }) => oldSize)).toEqual([0, 0, 12]);
  });

  it('reports a conflict for the same size with another root (a fork), without looping', async () => {
    const witnessClient = client();
    await witnessClient.addCheckpoint(checkpointAt(7));
    const fork = signCheckpoint(
      formatCheckpointBody({ origin: ORIGIN, treeSize: 7, rootHash: new Uint8Array(32) }),
      [logKey],
    );
    expect((await witnessClient.addCheckpoint(fork))._unsafeUnwrapErr()).toEqual({
      type: 'witness.conflict',
      witnessSize: 7,
    });
    expect(witness.requests).toHaveLength(2);
  });

  it('does not ask when it knows the witness is ahead of the checkpoint', async () => {
    const result = await client().addCheckpoint(checkpointAt(5), { oldSize: 9 });
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'witness.stale_checkpoint',
      witnessSize: 9,
      treeSize: 5,
    });
    expect(witness.requests).toHaveLength(0);
  });

  it('maps 404 for an unknown origin', async () => {
    const other = createNoteSigner({ name: 'other.example/log', seed: new Uint8Array(32).fill(5) });
    const result = await client().addCheckpoint(checkpointAt(3, other, 'other.example/log'));
    expect(result._unsafeUnwrapErr()).toEqual({ type: 'witness.unknown_log' });
  });

  it('maps 403 for a checkpoint no trusted log key signed', async () => {
    const result = await client().addCheckpoint(checkpointAt(3, strangerKey));
    expect(result._unsafeUnwrapErr()).toEqual({ type: 'witness.forbidden' });
  });

  it('maps 422 for a proof the witness refuses, and the witness keeps its state', async () => {
    const witnessClient = client();
    await witnessClient.addCheckpoint(checkpointAt(5));
    proofSource.mockImplementation((oldSize, newSize) => {
      const proof = consistencyProof(leaves, oldSize, newSize).map((hash) => hash.slice());
      const first = proof[0];
      if (first !== undefined) first[0] = (first[0] ?? 0) ^ 0xff;
      return ok(proof);
    });
    expect((await witnessClient.addCheckpoint(checkpointAt(11)))._unsafeUnwrapErr()).toEqual({
      type: 'witness.proof_rejected',
    });
    expect(witness.state.get(ORIGIN)?.size).toBe(5);
  });

  it('maps 400', async () => {
    witness.override = () => ({ status: 400, body: 'bad\n' });
    expect((await client().addCheckpoint(checkpointAt(3)))._unsafeUnwrapErr()).toEqual({
      type: 'witness.bad_request',
    });
  });

  it('maps server faults to retryable infrastructure errors and odd statuses to their own error', async () => {
    witness.override = () => ({ status: 503, body: '' });
    expect((await client().addCheckpoint(checkpointAt(3)))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'witness.add_checkpoint',
      code: '503',
    });
    witness.override = () => ({ status: 418, body: '' });
    expect((await client().addCheckpoint(checkpointAt(3)))._unsafeUnwrapErr()).toEqual({
      type: 'witness.unexpected_status',
      status: 418,
    });
  });

  it('reads a 409 without the size media type as a conflict, and a bad size body as bad', async () => {
    witness.override = () => ({ status: 409, contentType: 'text/plain', body: '4\n' });
    expect((await client().addCheckpoint(checkpointAt(8)))._unsafeUnwrapErr()).toEqual({
      type: 'witness.conflict',
    });
    witness.override = () => ({ status: 409, contentType: 'text/x.tlog.size', body: '04\n' });
    expect((await client().addCheckpoint(checkpointAt(8)))._unsafeUnwrapErr()).toEqual({
      type: 'witness.bad_response',
      reason: 'malformed_size',
    });
  });

  it('ignores cosignatures of unknown keys and merges only the witness own', async () => {
    await witness.close();
    const unknownLine = formatSignatureLine({
      name: otherCosigner.name,
      keyId: otherCosigner.keyId,
      signature: new Uint8Array(72).fill(7),
    });
    witness = await startTestWitness({
      cosigner,
      logs: new Map([[ORIGIN, [logKey.verifier]]]),
      extraLines: unknownLine,
    });
    const result = (await client().addCheckpoint(checkpointAt(4)))._unsafeUnwrap();
    expect(
      parseSignedNote(result.note)
        ._unsafeUnwrap()
        .signatures.map((s) => s.name),
    ).toEqual([ORIGIN, cosigner.name]);
  });

  it('refuses a 200 whose cosignature from the witness key does not verify', async () => {
    witness.override = () => ({
      status: 200,
      body: formatSignatureLine({
        name: cosigner.name,
        keyId: cosigner.keyId,
        signature: new Uint8Array(72).fill(1),
      }),
    });
    expect((await client().addCheckpoint(checkpointAt(3)))._unsafeUnwrapErr()).toEqual({
      type: 'witness.invalid_cosignature',
    });
  });

  it('refuses a 200 with no cosignature from the witness key, or with garbage', async () => {
    const line = formatSignatureLine({
      name: otherCosigner.name,
      keyId: otherCosigner.keyId,
      signature: new Uint8Array(72),
    });
    witness.override = () => ({ status: 200, body: line });
    expect((await client().addCheckpoint(checkpointAt(3)))._unsafeUnwrapErr()).toEqual({
      type: 'witness.no_cosignature',
    });
    witness.override = () => ({ status: 200, body: 'OK\n' });
    expect((await client().addCheckpoint(checkpointAt(3)))._unsafeUnwrapErr()).toEqual({
      type: 'witness.bad_response',
      reason: 'malformed_cosignature',
    });
  });

  it('bounds the response size', async () => {
    witness.override = () => ({ status: 200, body: 'x'.repeat(200_000) });
    expect(
      (
        await client({ responseLimitBytes: 4096 }).addCheckpoint(checkpointAt(3))
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'witness.bad_response', reason: 'too_large' });
  });

  it('times out a witness that never answers', async () => {
    witness.override = () => 'hang';
    const result = await client({ timeoutMilliseconds: 150 }).addCheckpoint(checkpointAt(3));
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      code: 'TimeoutError',
    });
  });

  it('stops when the caller aborts', async () => {
    witness.override = () => 'hang';
    const controller = new AbortController();
    const pending = client().addCheckpoint(checkpointAt(3), { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await pending)._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: false,
    });
  });

  it('reports a failing proof source and an unsendable proof', async () => {
    const witnessClient = client();
    await witnessClient.addCheckpoint(checkpointAt(5));
    // A ResultAsync, as an asynchronous Merkle store would return.
    const missingNode: ResultAsync<readonly Uint8Array[], DomainError> = errAsync({
      type: 'merkle.missing_node',
    });
    proofSource.mockImplementation(() => missingNode);
    expect((await witnessClient.addCheckpoint(checkpointAt(9)))._unsafeUnwrapErr()).toEqual({
      type: 'witness.proof_unavailable',
      cause: { type: 'merkle.missing_node' },
    });
    proofSource.mockImplementation(() => ok([new Uint8Array(31)]));
    expect((await witnessClient.addCheckpoint(checkpointAt(9)))._unsafeUnwrapErr()).toEqual({
      type: 'witness.bad_proof',
      reason: 'bad_hash_length',
    });
    proofSource.mockImplementation(() => ok(Array(64).fill(new Uint8Array(32))));
    expect((await witnessClient.addCheckpoint(checkpointAt(9)))._unsafeUnwrapErr()).toEqual({
      type: 'witness.bad_proof',
      reason: 'too_many_hashes',
    });
  });

  it('refuses to submit a malformed note', async () => {
    expect((await client().addCheckpoint('not a note'))._unsafeUnwrapErr()).toMatchObject({
      type: 'note.malformed',
    });
    expect(witness.requests).toHaveLength(0);
  });

  it('collects cosignatures of two witnesses on one checkpoint', async () => {
    const second = await startTestWitness({
      cosigner: otherCosigner,
      logs: new Map([[ORIGIN, [logKey.verifier]]]),
    });
    try {
      const first = (await client().addCheckpoint(checkpointAt(10)))._unsafeUnwrap();
      const secondClient = new WitnessClient({
        submissionPrefix: second.url,
        witness: parseVerifierKey(otherCosigner.vkey)._unsafeUnwrap(),
        fetch: (url, init) => fetch(url, init),
        consistencyProof: proofSource,
      });
      const both = (await secondClient.addCheckpoint(first.note))._unsafeUnwrap();
      expect(verifyCosignature(both.note, cosigner.vkey).isOk()).toBe(true);
      expect(verifyCosignature(both.note, otherCosigner.vkey).isOk()).toBe(true);
      expect(openCheckpoint(both.note, [logKey.verifier]).isOk()).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('treats a log key configured as the witness key as a programmer error', () => {
    expect(() => client({ witness: logKey.verifier })).toThrow();
  });
});
