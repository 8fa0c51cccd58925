import { assert } from '../errors/assert.js';
import type { TenantId } from '../tenant/tenant-id.js';

/** What one unit of background work on one tenant found: more to do now, or nothing left. */
export type TenantWorkOutcome = 'more' | 'idle';

/** How a background loop over tenants runs. */
export interface TenantLoopOptions {
  /** The tenants to work on; asked afresh every round, so new tenants are picked up. */
  readonly tenants: () => readonly TenantId[] | Promise<readonly TenantId[]>;
  /** One unit of work (a batch) for one tenant. Operating errors are the work's to report. */
  readonly work: (tenantId: TenantId) => Promise<TenantWorkOutcome>;
  /** Pause between rounds; default 100 ms. */
  readonly intervalMs?: number;
  /** Units one tenant may run per round, so one busy tenant cannot starve the others; default 16. */
  readonly unitsPerTenantMax?: number;
  /** Told when a round throws; the loop has then stopped, and `stop()` rethrows the error. */
  readonly onFailure?: (error: unknown) => void;
}

/** When and for whom a background loop runs: what every `start…` function of a worker takes. */
export type TenantLoopSchedule = Pick<TenantLoopOptions, 'tenants' | 'intervalMs' | 'onFailure'>;

/** A running background loop. */
export interface RunningTenantLoop {
  /** Finishes the current unit of work and stops; rejects with the error that stopped it, if any. */
  stop(): Promise<void>;
}

/**
 * Runs background work (the audit sequencer, the outbox relay, sweeps) round after round: in each
 * round every tenant gets up to `unitsPerTenantMax` units while it reports `more`, then the loop
 * sleeps `intervalMs`. Safe to run in many processes at once only if the work itself is (leases,
 * conditional writes); the loop adds no coordination.
 */
export function startTenantLoop(options: TenantLoopOptions): RunningTenantLoop {
  const intervalMs = options.intervalMs ?? 100;
  const unitsPerTenantMax = options.unitsPerTenantMax ?? 16;
  assert(
    Number.isInteger(intervalMs) && intervalMs >= 1,
    'a background loop needs a positive interval',
  );
  assert(
    Number.isInteger(unitsPerTenantMax) && unitsPerTenantMax >= 1,
    'a background loop needs a positive budget of units per tenant',
  );
  let stopped = false;
  let wake: (() => void) | undefined;

  async function round(): Promise<void> {
    for (const tenantId of await options.tenants()) {
      for (let unit = 0; unit < unitsPerTenantMax && !stopped; unit += 1) {
        if ((await options.work(tenantId)) === 'idle') break;
      }
    }
  }

  // A throw (a bug, or `tenants()` failing) stops the loop instead of becoming an unhandled
  // rejection that would take the host process down; it is handed to `onFailure` and `stop()`.
  let failure: { readonly error: unknown } | undefined;
  const running = (async () => {
    while (!stopped) {
      await round();
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
      });
    }
  })().catch((error: unknown) => {
    failure = { error };
    stopped = true;
    options.onFailure?.(error);
  });

  return {
    async stop() {
      stopped = true;
      wake?.();
      await running;
      if (failure !== undefined) throw failure.error;
    },
  };
}
