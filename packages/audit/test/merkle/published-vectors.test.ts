/**
 * The published inclusion and consistency vectors of transparency-dev/merkle (`testdata/`),
 * carried as facts in `test/fixtures/merkle/`; each file's `source` names paths and commits.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { verifyConsistency } from '../../src/merkle/verify-consistency.js';
import { verifyInclusion } from '../../src/merkle/verify-inclusion.js';
import consistencyFixture from '../fixtures/merkle/consistency-vectors.json' with { type: 'json' };
import inclusionFixture from '../fixtures/merkle/inclusion-vectors.json' with { type: 'json' };

function bytes(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

// Sizes are decimal strings in the fixtures; a uint64 beyond 2^53 becomes an unsafe number here,
// as it would in any JSON parser, and the verifiers must refuse it.
function count(decimal: string): number {
  return Number(decimal);
}

describe('transparency-dev/merkle inclusion vectors', () => {
  it('carries every vector the upstream generator writes', () => {
    expect(inclusionFixture.vectors).toHaveLength(98);
    expect(new Set(inclusionFixture.vectors.map((vector) => vector.path)).size).toBe(98);
  });

  it.each(inclusionFixture.vectors.map((vector) => [vector.path, vector] as const))(
    '%s',
    (_path, vector) => {
      const result = verifyInclusion({
        leafIndex: count(vector.leafIndex),
        treeSize: count(vector.treeSize),
        leafHash: bytes(vector.leafHash),
        proof: (vector.proof ?? []).map(bytes),
        root: bytes(vector.root),
      });
      expect(result.isErr()).toBe(vector.wantErr);
    },
  );
});

describe('transparency-dev/merkle consistency vectors', () => {
  it('carries every vector the upstream generator writes', () => {
    expect(consistencyFixture.vectors).toHaveLength(98);
    expect(new Set(consistencyFixture.vectors.map((vector) => vector.path)).size).toBe(98);
  });

  it.each(consistencyFixture.vectors.map((vector) => [vector.path, vector] as const))(
    '%s',
    (_path, vector) => {
      const result = verifyConsistency({
        size1: count(vector.size1),
        size2: count(vector.size2),
        proof: (vector.proof ?? []).map(bytes),
        root1: bytes(vector.root1),
        root2: bytes(vector.root2),
      });
      expect(result.isErr()).toBe(vector.wantErr);
    },
  );
});
