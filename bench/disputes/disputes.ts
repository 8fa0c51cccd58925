import { createPostgresStorage, type PostgresStorageOptions } from '@strongroom/postgres';
import { type BenchDatabase, pgbenchInsert, rawPool } from '../database.js';
import { type BenchScale, benchTenant, type Metric, progress } from '../harness.js';
import { measureCommands } from './dispute-commands.js';
import { createBenchDisputes } from './dispute-host.js';
import { countRoundTrips } from './dispute-round-trips.js';
import { benchSweep } from './dispute-sweep.js';
import { commandMetrics, roundTripMetrics, sweepMetrics } from './disputes-metrics.js';
import { StatementCounter } from './statement-counter.js';

/** Commands in flight in the measured phases, and workers opening the sweep's due disputes. */
const DISPUTES_CONCURRENCY = 32;
/** Disputes run one command at a time to count each command's SQL round trips. */
const ROUND_TRIP_DISPUTES = 50;

/**
 * The disputes benchmark (issue #13) on the Postgres server: chargebacks opened through
 * `createDisputes` with `autoBatch: false` (each withdrawing the funds with a ledger journal
 * entry in its own transaction) and transitions of open chargebacks at 32 concurrent commands,
 * and the same through an engine as shipped (group commit), against a bare INSERT on the same
 * pool; the SQL statements each command sends; and the deadline sweep expiring the due disputes
 * among a million against the same sweep with nothing else indexed.
 */
export async function benchDisputes(database: BenchDatabase, scale: BenchScale): Promise<Metric[]> {
  // One pool for the storage, the bare INSERTs and the bulk rows, so connections stay bounded;
  // the counter wraps each connection as the pool opens it.
  const pool = rawPool(database.connectionString, DISPUTES_CONCURRENCY + 2, true);
  const counter = new StatementCounter(pool);
  // The bench types only the slice of pg it uses, hence the cast to the storage's `pg.Pool`.
  const storage = createPostgresStorage({ pool } as unknown as PostgresStorageOptions);
  try {
    progress(
      `disputes: creates and transitions at c=${DISPUTES_CONCURRENCY} on postgres, one commit each and group commit`,
    );
    // Both engines in one tenant, so that only the engine differs between their variants; each
    // has its own house accounts, which every command of its variants locks.
    const tenantId = benchTenant('bench-disputes');
    const bench = await createBenchDisputes(storage, tenantId, { autoBatch: false });
    const engines = {
      one_commit_each: bench,
      group_commit: await createBenchDisputes(storage, tenantId),
    };
    const commands = await measureCommands(engines, pool, counter, DISPUTES_CONCURRENCY, scale);
    const pgbenchSeconds = Math.max(1, Math.round(scale.disputesPhaseMs / 1000));
    const pgbenchTps = await pgbenchInsert(database, DISPUTES_CONCURRENCY, pgbenchSeconds);
    progress(
      `disputes: counting SQL round trips of ${ROUND_TRIP_DISPUTES} disputes, one at a time`,
    );
    const roundTrips = await countRoundTrips(bench, counter, ROUND_TRIP_DISPUTES);
    const due = scale.disputesSweepDue;
    progress(
      `disputes sweep: ${due} due disputes alone, and ${due} among ${scale.disputesSweepTotal}`,
    );
    const { alone, among } = await benchSweep(
      { storage, pool, counter, concurrency: DISPUTES_CONCURRENCY },
      due,
      scale.disputesSweepTotal - due,
    );
    const rounds = `${scale.disputesRounds} rounds × ${scale.disputesPhaseMs / 1000} s`;
    return [
      ...commandMetrics(commands, pgbenchTps, rounds),
      ...roundTripMetrics(roundTrips),
      ...sweepMetrics(among, alone),
    ];
  } finally {
    await storage.close();
    await pool.end();
  }
}
