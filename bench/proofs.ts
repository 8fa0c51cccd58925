import {
  AUDIT_COLLECTIONS,
  type AuditInclusionProof,
  createAuditLog,
  hashLeaf,
  openCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@strongroom/audit';
import { nodeMerkleHasher } from '@strongroom/audit/node';
import { ok, type PageRequest, type StoredRecord, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { auditInput, BENCH_SIGNING, benchTenant, type Metric, opsPerSecond } from './harness.js';
import { type BuiltLog, integrateAll } from './sequencer.js';

// Proofs kept for the verification loops (generation keeps going past this).
const PROOF_POOL = 2000;

/**
 * Builds the memory log of `leaves` entries the proof and `log.verify` benchmarks read. Setup only:
 * appends go 500 per transaction and batches hold 1,000 leaves (limits raised to allow it), which
 * changes how fast the log is built, not the tree or the proofs.
 */
export async function buildMemoryLog(leaves: number): Promise<BuiltLog> {
  const storage = createMemoryStorage({ limits: { writesPerTransaction: 4000 } });
  const log = createAuditLog({
    storage,
    signing: BENCH_SIGNING,
    hasher: nodeMerkleHasher,
    batchSize: 1000,
  });
  const tenantId = benchTenant('bench-proofs-memory');
  const leafIds: string[] = [];
  for (let first = 0; first < leaves; first += 500) {
    const receipts = await storage.transaction(tenantId, async (tx) => {
      const ids: string[] = [];
      for (let n = first; n < Math.min(leaves, first + 500); n += 1)
        ids.push(unwrapOrThrow(await log.append(tx, auditInput(n))).leafId);
      return ok(ids);
    });
    leafIds.push(...unwrapOrThrow(receipts));
  }
  await integrateAll(log, tenantId);
  return { storage, log, tenantId, leafIds };
}

// A small deterministic generator (mulberry32), so every run asks for the same proofs.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Calls `generate` sequentially for `durationMs`; returns the rate and the first results.
async function generateFor<T>(
  durationMs: number,
  generate: () => Promise<T>,
): Promise<{ perSecond: number; results: T[] }> {
  const results: T[] = [];
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < durationMs) {
    const result = await generate();
    if (results.length < PROOF_POOL) results.push(result);
    count += 1;
  }
  return { perSecond: count / ((performance.now() - start) / 1000), results };
}

/** Every stored checkpoint's tree size and root, read page by page. */
async function checkpointRoots(built: BuiltLog): Promise<Map<number, Uint8Array>> {
  const roots = new Map<number, Uint8Array>();
  let page: PageRequest = { limit: 1000 };
  for (;;) {
    const read = unwrapOrThrow(
      await built.storage.transaction(built.tenantId, async (tx) =>
        ok(await tx.records.list(AUDIT_COLLECTIONS.checkpoints, page)),
      ),
    );
    for (const record of read.items as StoredRecord[])
      roots.set(Number(record.id), Buffer.from(String(record.data['root']), 'hex'));
    if (read.next === null) return roots;
    page = { limit: 1000, after: read.next };
  }
}

/**
 * Benchmark 3: inclusion and consistency proofs on an integrated log, generated one at a time
 * through `log.inclusionProof` / `log.consistencyProof` (a storage transaction each) and verified
 * with `verifyInclusion` / `verifyConsistency`. Inclusion: random leaves, latest tree size;
 * verification hashes the leaf too. Consistency: from a random stored checkpoint size to the latest.
 * Verification is pure CPU, so it is only measured when `verify` is set.
 */
export async function benchProofs(
  storageName: string,
  built: BuiltLog,
  durationMs: number,
  verify: boolean,
): Promise<Metric[]> {
  const { log, tenantId, leafIds } = built;
  const verifiers = log.signers(tenantId).map((signer) => signer.verifier);
  const note = unwrapOrThrow(await log.latestCheckpoint(tenantId));
  const head = unwrapOrThrow(openCheckpoint(note ?? '', verifiers));
  const roots = checkpointRootsSorted(await checkpointRoots(built), head.treeSize);
  const size = `${head.treeSize} leaves, ${storageName}`;
  const pick = random(9);

  const inclusion = await generateFor(durationMs, async () =>
    unwrapOrThrow(
      await log.inclusionProof(tenantId, leafIds[Math.floor(pick() * leafIds.length)] ?? ''),
    ),
  );
  const consistency = await generateFor(durationMs, async () => {
    const [size1, root1] = roots[Math.floor(pick() * roots.length)] ?? [1, new Uint8Array()];
    const proof = unwrapOrThrow(await log.consistencyProof(tenantId, size1, head.treeSize));
    return { size1, root1, proof: proof.map((hash) => Buffer.from(hash, 'hex')) };
  });
  const metrics: Metric[] = [
    {
      name: `proof: inclusion generation (${size})`,
      value: inclusion.perSecond,
      unit: 'proofs/s',
      note: 'log.inclusionProof by leaf id, sequential; one storage transaction each',
    },
    {
      name: `proof: consistency generation (${size})`,
      value: consistency.perSecond,
      unit: 'proofs/s',
      note: 'log.consistencyProof(random checkpoint size, latest), sequential',
    },
  ];
  if (!verify) return metrics;

  const inclusionInputs = inclusion.results.map((proof: AuditInclusionProof) => ({
    leafIndex: proof.index,
    treeSize: proof.treeSize,
    leaf: Buffer.from(proof.leaf),
    proof: proof.proof.map((hash) => Buffer.from(hash, 'hex')),
  }));
  const verifyInclusionRate = opsPerSecond(durationMs, (n) => {
    const input = inclusionInputs[n % inclusionInputs.length];
    if (input === undefined) throw new Error('no inclusion proof generated');
    const { leaf, ...rest } = input;
    unwrapOrThrow(verifyInclusion({ ...rest, leafHash: hashLeaf(leaf), root: head.rootHash }));
  });
  const verifyConsistencyRate = opsPerSecond(durationMs, (n) => {
    const input = consistency.results[n % consistency.results.length];
    if (input === undefined) throw new Error('no consistency proof generated');
    unwrapOrThrow(
      verifyConsistency({
        size1: input.size1,
        size2: head.treeSize,
        proof: input.proof,
        root1: input.root1,
        root2: head.rootHash,
      }),
    );
  });
  metrics.push(
    {
      name: `proof: inclusion verification (${head.treeSize} leaves)`,
      value: verifyInclusionRate,
      unit: 'proofs/s',
      note: 'verifyInclusion incl. hashLeaf of the 395-byte leaf; proofs pre-decoded from hex',
    },
    {
      name: `proof: consistency verification (${head.treeSize} leaves)`,
      value: verifyConsistencyRate,
      unit: 'proofs/s',
      note: 'verifyConsistency against both roots; proofs pre-decoded from hex',
    },
  );
  return metrics;
}

// Checkpoint sizes below the latest, with their roots: the older trees a witness asks about.
function checkpointRootsSorted(
  roots: Map<number, Uint8Array>,
  treeSize: number,
): [number, Uint8Array][] {
  return [...roots].filter(([size]) => size < treeSize).sort(([left], [right]) => left - right);
}
