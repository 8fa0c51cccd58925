import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendLeaves,
  DEFAULT_MERKLE_HASHER,
  EMPTY_COMPACT_RANGE,
  rootOf,
} from '../../src/index.js';
import { nodeMerkleHasher } from '../../src/node.js';

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
