import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { unwrapOrThrow } from '@strongroom/kernel';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashLeaf, openCheckpoint, verifyConsistency, verifyInclusion } from '../../src/index.js';
import {
  appendMany,
  createHarness,
  type Harness,
  integratedLeafIds,
  naiveRoot,
} from './audit-fixture.js';

interface Signed {
  readonly size: number;
  readonly root: Uint8Array;
  readonly note: string;
}

// Integrates one batch; returns its checkpoint opened with the log's keys, or null if none.
async function integrateOnce(harness: Harness): Promise<Signed | null> {
  const batch = unwrapOrThrow(await harness.log.integrate(harness.tenantId));
  if (batch.checkpoint === null) return null;
  const verifiers = harness.log.signers(harness.tenantId).map((signer) => signer.verifier);
  const opened = unwrapOrThrow(openCheckpoint(batch.checkpoint, verifiers));
  expect(opened.treeSize).toBe(batch.treeSize);
  return { size: opened.treeSize, root: opened.rootHash, note: batch.checkpoint };
}

async function drainSigned(harness: Harness): Promise<Signed[]> {
  const signed: Signed[] = [];
  for (
    let next = await integrateOnce(harness);
    next !== null;
    next = await integrateOnce(harness)
  ) {
    signed.push(next);
  }
  return signed;
}

async function proveInclusion(harness: Harness, leafId: string, size: number) {
  const proof = unwrapOrThrow(await harness.log.inclusionProof(harness.tenantId, leafId, size));
  return {
    ...proof,
    leafHash: hashLeaf(utf8ToBytes(proof.leaf)),
    hashes: proof.proof.map((hash) => hexToBytes(hash)),
  };
}

async function proveConsistency(harness: Harness, size1: number, size2: number) {
  const proof = unwrapOrThrow(await harness.log.consistencyProof(harness.tenantId, size1, size2));
  return proof.map((hash) => hexToBytes(hash));
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const flipped = bytes.slice();
  const position = Math.floor(bit / 8) % flipped.length;
  flipped[position] = (flipped[position] ?? 0) ^ (1 << (bit % 8));
  return flipped;
}

const operation = fc.oneof(
  fc.record({ append: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ integrate: fc.integer({ min: 1, max: 3 }) }),
);

describe('proofs over random histories of appends and sequencer runs', () => {
  it('every inclusion and consistency proof verifies against the signed roots', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(operation, { minLength: 1, maxLength: 10 })
          .filter((steps) => steps.some((step) => 'append' in step)),
        fc.integer({ min: 1, max: 9 }),
        fc.nat(),
        async (operations, batchSize, pick) => {
          const harness = createHarness({ batchSize });
          const signed: Signed[] = [];
          let appended = 0;
          for (const step of operations) {
            if ('append' in step) {
              await appendMany(harness, step.append, appended);
              appended += step.append;
            } else {
              for (let run = 0; run < step.integrate; run += 1) {
                const next = await integrateOnce(harness);
                if (next !== null) signed.push(next);
              }
            }
          }
          signed.push(...(await drainSigned(harness)));
          const order = await integratedLeafIds(harness);
          expect(order).toHaveLength(appended);
          expect(signed.map((checkpoint) => checkpoint.size)).toEqual(
            [...new Set(signed.map((checkpoint) => checkpoint.size))].sort((a, b) => a - b),
          );
          expect(signed.at(-1)?.size).toBe(appended);

          const latest = signed.at(-1);
          if (latest === undefined) throw new Error('at least one leaf was appended');
          // Every leaf in the latest tree; the first, last and one chosen leaf of every older tree.
          const checks: [number, Signed][] = order.map((_, index) => [index, latest]);
          for (const checkpoint of signed) {
            checks.push([0, checkpoint], [checkpoint.size - 1, checkpoint]);
            checks.push([pick % checkpoint.size, checkpoint]);
          }
          for (const [index, checkpoint] of checks) {
            const proof = await proveInclusion(harness, order[index] ?? '', checkpoint.size);
            expect(proof.index).toBe(index);
            expect(proof.treeSize).toBe(checkpoint.size);
            const verified = verifyInclusion({
              leafIndex: index,
              treeSize: checkpoint.size,
              leafHash: proof.leafHash,
              proof: proof.hashes,
              root: checkpoint.root,
            });
            expect(verified.isOk()).toBe(true);
          }
          // Consecutive checkpoints, and every checkpoint against the first and the latest.
          const pairs: [Signed, Signed][] = [];
          for (const [i, checkpoint] of signed.entries()) {
            const previous = signed[i - 1];
            if (previous !== undefined) pairs.push([previous, checkpoint]);
            const first = signed[0];
            if (first !== undefined && first !== checkpoint) pairs.push([first, checkpoint]);
            if (checkpoint !== latest) pairs.push([checkpoint, latest]);
          }
          for (const [older, newer] of pairs) {
            const verified = verifyConsistency({
              size1: older.size,
              size2: newer.size,
              proof: await proveConsistency(harness, older.size, newer.size),
              root1: older.root,
              root2: newer.root,
            });
            expect(verified.isOk()).toBe(true);
          }
          expect(await proveConsistency(harness, latest.size, latest.size)).toEqual([]);
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('single-bit changes', () => {
  // One log with several checkpoints, shared by the properties below (which never write to it).
  let harness: Harness;
  let signed: Signed[];
  let order: string[];

  beforeAll(async () => {
    harness = createHarness({ batchSize: 6 });
    await appendMany(harness, 41);
    signed = await drainSigned(harness);
    order = await integratedLeafIds(harness);
    expect(signed.map((checkpoint) => checkpoint.size)).toEqual([6, 12, 18, 24, 30, 36, 41]);
    const leaves = await Promise.all(
      order.map(async (leafId) => (await proveInclusion(harness, leafId, 41)).leaf),
    );
    expect(Buffer.from(signed.at(-1)?.root ?? [])).toEqual(naiveRoot(leaves));
  });

  const inclusionCase = fc.record({
    checkpoint: fc.nat(),
    leaf: fc.nat(),
    part: fc.constantFrom('leaf', 'proof', 'root'),
    element: fc.nat(),
    bit: fc.nat(),
  });

  it('make an inclusion proof fail, whether in the leaf, a proof hash or the root', async () => {
    await fc.assert(
      fc.asyncProperty(inclusionCase, async ({ checkpoint, leaf, part, element, bit }) => {
        const trusted = signed[checkpoint % signed.length] as Signed;
        const index = leaf % trusted.size;
        const proof = await proveInclusion(harness, order[index] ?? '', trusted.size);
        const input = {
          leafIndex: index,
          treeSize: trusted.size,
          leafHash: proof.leafHash,
          proof: proof.hashes,
          root: trusted.root,
        };
        expect(verifyInclusion(input).isOk()).toBe(true);
        if (part === 'leaf') {
          const leafHash = hashLeaf(flipBit(utf8ToBytes(proof.leaf), bit));
          expect(verifyInclusion({ ...input, leafHash }).isErr()).toBe(true);
        } else if (part === 'root') {
          expect(verifyInclusion({ ...input, root: flipBit(trusted.root, bit) }).isErr()).toBe(
            true,
          );
        } else {
          const at = element % proof.hashes.length;
          const hashes = proof.hashes.map((hash, i) => (i === at ? flipBit(hash, bit) : hash));
          expect(verifyInclusion({ ...input, proof: hashes }).isErr()).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('make a consistency proof fail, whether in a proof hash or either root', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.nat(),
        fc.constantFrom('proof', 'root1', 'root2'),
        fc.nat(),
        fc.nat(),
        async (a, b, part, element, bit) => {
          const first = a % (signed.length - 1);
          const older = signed[first] as Signed;
          const newer = signed[first + 1 + (b % (signed.length - 1 - first))] as Signed;
          const input = {
            size1: older.size,
            size2: newer.size,
            proof: await proveConsistency(harness, older.size, newer.size),
            root1: older.root,
            root2: newer.root,
          };
          expect(verifyConsistency(input).isOk()).toBe(true);
          const tampered =
            part === 'root1'
              ? { ...input, root1: flipBit(older.root, bit) }
              : part === 'root2'
                ? { ...input, root2: flipBit(newer.root, bit) }
                : {
                    ...input,
                    proof: input.proof.map((hash, i) =>
                      i === element % input.proof.length ? flipBit(hash, bit) : hash,
                    ),
                  };
          expect(verifyConsistency(tampered).isErr()).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('make a signed checkpoint note fail to open', () => {
    const verifiers = harness.log.signers(harness.tenantId).map((signer) => signer.verifier);
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (which, bit) => {
        const note = utf8ToBytes((signed[which % signed.length] as Signed).note);
        expect(openCheckpoint(note, verifiers).isOk()).toBe(true);
        expect(openCheckpoint(flipBit(note, bit), verifiers).isErr()).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('proof requests', () => {
  it('are refused with typed errors for sizes the log has not reached or that make no sense', async () => {
    const harness = createHarness({ batchSize: 4 });
    await appendMany(harness, 6);
    await drainSigned(harness);
    const order = await integratedLeafIds(harness);
    const last = order[5] ?? '';
    const { tenantId, log } = harness;
    expect((await log.inclusionProof(tenantId, last, 7))._unsafeUnwrapErr()).toEqual({
      type: 'audit.invalid_proof_request',
      reason: 'size_beyond_tree',
    });
    // Leaf 5 is not in the tree of 4 leaves.
    expect((await log.inclusionProof(tenantId, last, 4))._unsafeUnwrapErr()).toMatchObject({
      reason: 'size_beyond_tree',
    });
    expect((await log.inclusionProof(tenantId, 'aud_nope'))._unsafeUnwrapErr()).toEqual({
      type: 'audit.unknown_leaf',
      leafId: 'aud_nope',
    });
    expect((await log.consistencyProof(tenantId, 4, 7))._unsafeUnwrapErr()).toEqual({
      type: 'audit.invalid_proof_request',
      reason: 'size_beyond_tree',
    });
    for (const [size1, size2] of [
      [0, 4],
      [5, 4],
    ] as const) {
      expect((await log.consistencyProof(tenantId, size1, size2))._unsafeUnwrapErr()).toEqual({
        type: 'audit.invalid_proof_request',
        reason: 'sizes_out_of_order',
      });
    }
    // A leaf not yet integrated has no proof.
    const [pending] = await appendMany(harness, 1, 6);
    expect((await log.inclusionProof(tenantId, pending ?? ''))._unsafeUnwrapErr()).toMatchObject({
      type: 'audit.unknown_leaf',
    });
  });
});
