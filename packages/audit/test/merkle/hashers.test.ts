import { AssertionFailure, FakeClock, type IdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendLeaves,
  DEFAULT_MERKLE_HASHER,
  EMPTY_COMPACT_RANGE,
  RootAccumulator,
  rootOf,
} from '../../src/index.js';
import { nodeMerkleHasher } from '../../src/node.js';
import { appendCommitted, createHarness, drain, entryInput } from '../log/audit-fixture.js';

describe('replaceable Merkle hashers', () => {
  it('hash leaves and nodes exactly as the portable default does', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (entry, other) => {
          const leaf = DEFAULT_MERKLE_HASHER.hashLeaf(entry);
          expect(Buffer.from(nodeMerkleHasher.hashLeaf(entry))).toEqual(Buffer.from(leaf));
          expect(Buffer.from(nodeMerkleHasher.hashChildren(leaf, other))).toEqual(
            Buffer.from(DEFAULT_MERKLE_HASHER.hashChildren(leaf, other)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('give the RFC 6962 root of the eight-leaf test tree', () => {
    const inputs = [
      '',
      '00',
      '10',
      '2021',
      '3031',
      '40414243',
      '5051525354555657',
      '606162636465666768696a6b6c6d6e6f',
    ];
    const leaves = inputs.map((hex) => nodeMerkleHasher.hashLeaf(Buffer.from(hex, 'hex')));
    const range = appendLeaves(EMPTY_COMPACT_RANGE, leaves, nodeMerkleHasher).state;
    // RootHashes()[8] of transparency-dev/merkle testonly/constants.go.
    expect(Buffer.from(rootOf(range, nodeMerkleHasher)).toString('hex')).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
  });
});

describe('leaves given as text', () => {
  it('hash the UTF-8 bytes with the leaf prefix, on both hashers', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const expected = Buffer.from(
          DEFAULT_MERKLE_HASHER.hashLeaf(new TextEncoder().encode(text)),
        );
        expect(Buffer.from(DEFAULT_MERKLE_HASHER.hashLeafText(text))).toEqual(expected);
        expect(Buffer.from(nodeMerkleHasher.hashLeafText(text))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('RootAccumulator', () => {
  it('has the root and border of appendLeaves after every leaf', () => {
    const accumulator = new RootAccumulator(nodeMerkleHasher);
    let range = EMPTY_COMPACT_RANGE;
    expect(Buffer.from(accumulator.root())).toEqual(Buffer.from(rootOf(range)));
    for (let leaf = 0; leaf < 300; leaf += 1) {
      const hash = DEFAULT_MERKLE_HASHER.hashLeaf(new Uint8Array([leaf % 256, leaf >> 8]));
      accumulator.push(hash);
      range = appendLeaves(range, [hash]).state;
      expect(Buffer.from(accumulator.root())).toEqual(Buffer.from(rootOf(range)));
      expect(accumulator.border.map((node) => Buffer.from(node))).toEqual(
        range.hashes.map((node) => Buffer.from(node)),
      );
    }
    expect(accumulator.size).toBe(300);
  });

  it('gives the same root and border for complete subtrees pushed at once as for their leaves', () => {
    const leaves = Array.from({ length: 45 }, (_, leaf) =>
      DEFAULT_MERKLE_HASHER.hashLeaf(new Uint8Array([leaf])),
    );
    const oneByOne = new RootAccumulator();
    for (const leaf of leaves) oneByOne.push(leaf);
    // Each subtree starts at a multiple of its size: at 0, 8, 16, 32, 36, 37, 38, 40 and 44.
    const sizes = [8, 8, 16, 4, 1, 1, 2, 4, 1];
    const bySubtree = new RootAccumulator();
    let start = 0;
    for (const size of sizes) {
      const subtree = new RootAccumulator();
      for (const leaf of leaves.slice(start, start + size)) subtree.push(leaf);
      if (size === 1) bySubtree.push(subtree.root());
      else bySubtree.pushSubtree(subtree.root(), size);
      start += size;
    }
    expect(start).toBe(45);
    expect(bySubtree.size).toBe(45);
    expect(Buffer.from(bySubtree.root())).toEqual(Buffer.from(oneByOne.root()));
    expect(bySubtree.border.map((node) => Buffer.from(node))).toEqual(
      oneByOne.border.map((node) => Buffer.from(node)),
    );
  });

  it('refuses a subtree that is not a power of two or does not start at a multiple of its size', () => {
    const accumulator = new RootAccumulator();
    const hash = DEFAULT_MERKLE_HASHER.hashLeaf(new Uint8Array([1]));
    expect(() => accumulator.pushSubtree(hash, 3)).toThrow(AssertionFailure);
    accumulator.push(hash);
    expect(() => accumulator.pushSubtree(hash, 2)).toThrow(AssertionFailure);
    expect(accumulator.size).toBe(1);
  });
});

describe('an audit log built with the native hasher', () => {
  it('gives the same receipts, checkpoints and proofs as the portable default', async () => {
    const logs = [undefined, nodeMerkleHasher].map((hasher) => {
      let next = 0;
      const ids = {
        next: () => `aud_01h455vb4pex5vsknk084sn${(next++).toString().padStart(3, '0')}`,
      };
      return createHarness({
        batchSize: 3,
        clock: new FakeClock(new Date('2026-03-04T05:06:07.089Z')),
        ids: ids as unknown as IdGenerator,
        ...(hasher === undefined ? {} : { hasher }),
      });
    });
    const seen = await Promise.all(
      logs.map(async (harness) => {
        const receipts = [];
        for (let n = 0; n < 7; n += 1) receipts.push(await appendCommitted(harness, entryInput(n)));
        await drain(harness);
        const verified = unwrapOrThrow(await harness.log.verify(harness.tenantId));
        const proof = unwrapOrThrow(
          await harness.log.inclusionProof(harness.tenantId, receipts[2]?.leafId ?? ''),
        );
        return { receipts, root: Buffer.from(verified.rootHash).toString('hex'), proof };
      }),
    );
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]?.receipts).toHaveLength(7);
  });

  it('builds its proofs with its own hasher, not the portable one', async () => {
    let nodesHashed = 0;
    const counting = {
      ...nodeMerkleHasher,
      hashChildren: (left: Uint8Array, right: Uint8Array) => {
        nodesHashed += 1;
        return nodeMerkleHasher.hashChildren(left, right);
      },
    };
    const harness = createHarness({ batchSize: 3, hasher: counting });
    const receipts = [];
    for (let n = 0; n < 7; n += 1) receipts.push(await appendCommitted(harness, entryInput(n)));
    await drain(harness);
    // Leaf 2 of 7: its path needs nodes recomputed within a tile and the last, incomplete
    // subtree folded from two nodes; both are hashed by the log's hasher.
    nodesHashed = 0;
    unwrapOrThrow(await harness.log.inclusionProof(harness.tenantId, receipts[2]?.leafId ?? ''));
    expect(nodesHashed).toBeGreaterThan(0);
    nodesHashed = 0;
    unwrapOrThrow(await harness.log.consistencyProof(harness.tenantId, 3, 7));
    expect(nodesHashed).toBeGreaterThan(0);
  });
});
