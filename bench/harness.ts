import type { AuditEntryInput, AuditSigningOptions } from '@strongroom/audit';
import { parseTenantId, type TenantId, unwrapOrThrow } from '@strongroom/kernel';

/** How big a run is: `full` (default, ~10 minutes) or `small` (`BENCH_SCALE=small`, ~1 minute). */
export interface BenchScale {
  readonly name: 'full' | 'small';
  /** Concurrency levels of the append benchmark. */
  readonly concurrencies: readonly number[];
  /** ABAB rounds per concurrency; each round runs both variants once. */
  readonly appendRounds: number;
  /** How long each variant runs per round, and each bare-INSERT / pgbench baseline. */
  readonly phaseMs: number;
  /** Seconds of the standard `pgbench -N` run. */
  readonly pgbenchSeconds: number;
  /** Leaves pre-appended and then integrated by the sequencer benchmark (both storages). */
  readonly sequencerLeaves: number;
  /** Leaves of the memory log used for proofs and `log.verify`. */
  readonly proofLogLeaves: number;
  /** How long each proof generation / verification loop runs. */
  readonly proofMs: number;
  /** Entries of the export verified offline with `verifyExport`. */
  readonly exportEntries: number;
  /** Interleaved rounds per concurrency of the vault benchmark; each runs every variant once. */
  readonly vaultRounds: number;
  /** How long each vault variant (and its bare-SQL baseline) runs per round. */
  readonly vaultPhaseMs: number;
  /** Tokenizations whose KMS calls are counted (reported per 100,000). */
  readonly vaultKmsTokenizations: number;
  /** Interleaved rounds per concurrency of the ledger benchmark; each runs every variant once. */
  readonly ledgerRounds: number;
  /** How long each ledger variant and pgbench TPC-B run per round (whole seconds: `pgbench -T`). */
  readonly ledgerPhaseSeconds: number;
  /** Warm-up of each ledger variant at each concurrency, before the measured rounds. */
  readonly ledgerWarmUpMs: number;
  /** How long each ledger variant runs on memory and on DynamoDB Local. */
  readonly ledgerBackendPhaseMs: number;
  /** Interleaved rounds of the dispute commands; each runs every variant once. */
  readonly disputesRounds: number;
  /** How long each dispute variant (create, transition, bare INSERT) runs per round. */
  readonly disputesPhaseMs: number;
  /** Warm-up of each dispute variant, before the measured rounds. */
  readonly disputesWarmUpMs: number;
  /** Due disputes the deadline sweep expires, opened through the engine. */
  readonly disputesSweepDue: number;
  /** Disputes the due ones are among: the rest are deadline index rows due later. */
  readonly disputesSweepTotal: number;
}

/** Reads `BENCH_SCALE` and returns the matching sizes. */
export function benchScale(): BenchScale {
  if (process.env['BENCH_SCALE'] === 'small') {
    return {
      name: 'small',
      concurrencies: [1, 8, 32],
      appendRounds: 2,
      phaseMs: 1000,
      pgbenchSeconds: 2,
      sequencerLeaves: 2000,
      proofLogLeaves: 10_000,
      proofMs: 500,
      exportEntries: 100_000,
      vaultRounds: 2,
      vaultPhaseMs: 1000,
      vaultKmsTokenizations: 10_000,
      ledgerRounds: 2,
      ledgerPhaseSeconds: 1,
      ledgerWarmUpMs: 200,
      ledgerBackendPhaseMs: 1000,
      disputesRounds: 2,
      disputesPhaseMs: 1500,
      disputesWarmUpMs: 500,
      disputesSweepDue: 500,
      disputesSweepTotal: 50_000,
    };
  }
  return {
    name: 'full',
    concurrencies: [1, 8, 32],
    appendRounds: 4,
    phaseMs: 5000,
    pgbenchSeconds: 10,
    sequencerLeaves: 20_000,
    proofLogLeaves: 100_000,
    proofMs: 3000,
    exportEntries: 1_000_000,
    vaultRounds: 4,
    vaultPhaseMs: 1500,
    vaultKmsTokenizations: 100_000,
    ledgerRounds: 3,
    ledgerPhaseSeconds: 2,
    ledgerWarmUpMs: 500,
    ledgerBackendPhaseMs: 2000,
    disputesRounds: 3,
    disputesPhaseMs: 4000,
    disputesWarmUpMs: 1000,
    disputesSweepDue: 10_000,
    disputesSweepTotal: 1_000_000,
  };
}

/** One measured number with what it is compared to, as the report prints it. */
export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The reference measured in the same run, when there is a meaningful one. */
  readonly baseline?: { readonly label: string; readonly value: number };
  /** `value / baseline.value`, unless stated otherwise in `note`. */
  readonly ratio?: number;
  /** The requirement and whether this run met it. */
  readonly target?: { readonly text: string; readonly pass: boolean };
  /** What exactly the number covers. */
  readonly note?: string;
}

/** The tenant every benchmark writes to (one per benchmark would not change the numbers). */
export function benchTenant(name: string): TenantId {
  return unwrapOrThrow(parseTenantId(name));
}

/** Fixed signing options: the numbers do not depend on the key. */
export const BENCH_SIGNING: AuditSigningOptions = {
  originPrefix: 'bench.strongroom.example',
  masterSeeds: [new Uint8Array(32).fill(42)],
};

/** A realistic audit entry input (its canonical leaf is ~395 bytes), distinct per `n`. */
export function auditInput(n: number): AuditEntryInput {
  const serial = n.toString(36).padStart(10, '0');
  return {
    actor: { type: 'user', id: `usr_01jzq8w3k5${serial}` },
    action: 'ledger.transfer.created',
    resource: { type: 'transfer', id: `trf_01jzq8w3k5${serial}` },
    outcome: 'succeeded',
    requestId: `req_01jzq8w3k5${serial}`,
    details: { amount: '125.00', currency: 'EUR' },
  };
}

/**
 * Counts completed operations of `concurrency` async workers looping until `durationMs` is up;
 * with `latenciesMs`, also records each operation's latency there.
 */
export async function runWorkers(
  concurrency: number,
  durationMs: number,
  work: (worker: number, iteration: number) => Promise<void>,
  latenciesMs?: number[],
): Promise<{ ops: number; seconds: number }> {
  const start = performance.now();
  const deadline = start + durationMs;
  let ops = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let iteration = 0; performance.now() < deadline; iteration += 1) {
        const begun = performance.now();
        await work(worker, iteration);
        latenciesMs?.push(performance.now() - begun);
        ops += 1;
      }
    }),
  );
  return { ops, seconds: (performance.now() - start) / 1000 };
}

/** Runs a synchronous operation in a loop for `durationMs`; returns operations per second. */
export function opsPerSecond(durationMs: number, operation: (iteration: number) => void): number {
  const start = performance.now();
  const deadline = start + durationMs;
  let iteration = 0;
  while (performance.now() < deadline) {
    operation(iteration);
    iteration += 1;
  }
  return iteration / ((performance.now() - start) / 1000);
}

/** Logs progress to stderr, so stdout carries only the final table. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
