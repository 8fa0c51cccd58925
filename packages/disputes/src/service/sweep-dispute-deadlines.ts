import type { Id } from '@strongroom/kernel';
import {
  assert,
  encodeCursor,
  err,
  ok,
  type Result,
  type StorageTransaction,
  type StoredRecord,
  type TenantId,
} from '@strongroom/kernel';
import { LEDGER_COMMAND_TRANSACTION } from '@strongroom/ledger';
import type { DisputeCommand } from '../lifecycle/dispute-command.js';
import { ALERT_PREFIX, DISPUTE_COLLECTIONS, DUE_PREFIX, entryTime } from './dispute-collections.js';
import type { DisputesDependencies } from './disputes-dependencies.js';
import type { DisputesError } from './disputes-error.js';
import { runDisputeCommand } from './run-dispute-command.js';

/** Most due disputes or alerts one sweep call handles. */
export const DISPUTE_SWEEP_LIMIT_MAX = 500;

/** The outbox event a reminder is published as. */
export const DEADLINE_APPROACHING_EVENT = 'dispute.deadline_approaching';

/** What one sweep call did. */
export interface DisputeSweepOutcome {
  /** Reminders published to the outbox. */
  readonly alerted: number;
  /** Disputes whose response window ran out, ended by the state machine (lost / expired, or auto-accepted). */
  readonly expired: number;
  /** Due entries that were stale (the dispute had moved on, or another process ended it). */
  readonly skipped: number;
  /** Due disputes whose expiry the ledger or storage refused; retried by the next sweep. */
  readonly failed: number;
  /** Whether the call stopped at its limit with more due: call again. */
  readonly more: boolean;
}

// Refusals decided before anything is written: the dispute cannot expire from its state.
const STATE_MACHINE_REFUSALS: ReadonlySet<string> = new Set([
  'dispute.transition_not_allowed',
  'dispute.not_found',
  'dispute.not_defendable',
  'dispute.source_not_allowed',
]);

/**
 * The entries of the schedule under `prefix` that are due by `now`, from the earliest on, at most
 * `limit`; and whether more may be due. Reading stops at the first entry not yet due: the
 * listing's cost is the number of due entries, however many disputes are open.
 */
async function dueEntries(tx: StorageTransaction, prefix: string, now: Date, limit: number) {
  const listed = await tx.records.list(DISPUTE_COLLECTIONS.schedule, {
    limit,
    after: encodeCursor(prefix),
  });
  const nowIso = now.toISOString();
  const due: StoredRecord[] = [];
  for (const entry of listed.items) {
    if (!entry.id.startsWith(prefix) || entryTime(entry.id, prefix) > nowIso) break;
    due.push(entry);
  }
  return { due, more: due.length === listed.items.length && listed.next !== null };
}

async function publishDueAlerts(
  dependencies: DisputesDependencies,
  tenantId: TenantId,
  now: Date,
  limit: number,
) {
  // Each reminder costs a delete and an outbox event.
  const batch = Math.min(
    limit,
    Math.floor((dependencies.storage.limits.writesPerTransaction - 1) / 2),
  );
  return dependencies.storage.transaction(tenantId, async (tx) => {
    const { due, more } = await dueEntries(tx, ALERT_PREFIX, now, batch);
    if (due.length === 0) return ok({ alerted: 0, more: false });
    await tx.outbox.append(
      due.map((record) => {
        const [, alertAt, disputeId, leadTimeMs] = record.id.split('/');
        return {
          id: dependencies.ids.next('evt'),
          tenantId,
          type: DEADLINE_APPROACHING_EVENT,
          schemaVersion: 1,
          payload: {
            disputeId: disputeId ?? '',
            dueAt: record.data['dueAt'] as string,
            alertAt: alertAt ?? '',
            leadTimeMs: Number(leadTimeMs),
          },
          occurredAt: now,
          correlationId: null,
          causationId: null,
          actor: 'system:disputes-sweep',
        };
      }),
    );
    for (const record of due)
      await tx.records.delete({
        collection: DISPUTE_COLLECTIONS.schedule,
        id: record.id,
        expectedVersion: record.version,
      });
    return ok({ alerted: due.length, more });
  });
}

/**
 * Publishes due reminders and ends disputes whose response window has run out, with the `expire`
 * command of the state machine (which knows where the network auto-accepts). Reads the alert and
 * deadline indexes from their earliest entry and stops at the first one not yet due, so its cost
 * grows with the number of due disputes, not with all disputes. Safe in several processes at
 * once: each dispute expires in a transaction of its own, conditional on its stream's version,
 * and an entry another process handled first is skipped.
 */
export async function sweepDisputeDeadlines(
  dependencies: DisputesDependencies,
  tenantId: TenantId,
  options: { readonly limit?: number } = {},
): Promise<Result<DisputeSweepOutcome, DisputesError>> {
  const limit = options.limit ?? 100;
  assert(
    Number.isInteger(limit) && limit >= 1 && limit <= DISPUTE_SWEEP_LIMIT_MAX,
    `a sweep handles 1 to ${DISPUTE_SWEEP_LIMIT_MAX} entries`,
  );
  const now = dependencies.clock.now();
  const alerts = await publishDueAlerts(dependencies, tenantId, now, limit);
  if (alerts.isErr()) return err(alerts.error);
  const listed = await dependencies.storage.transaction(tenantId, async (tx) =>
    ok(await dueEntries(tx, DUE_PREFIX, now, limit)),
  );
  if (listed.isErr()) return err(listed.error);
  const { due } = listed.value;
  let expired = 0;
  let skipped = 0;
  let failed = 0;
  for (const entry of due) {
    const disputeId = entry.data['disputeId'] as Id<'dsp'>;
    const expiry: DisputeCommand = {
      type: 'expire',
      disputeId,
      occurredAt: now.toISOString(),
      source: { kind: 'system' },
    };
    const outcome = await dependencies.storage.transaction(
      tenantId,
      async (tx) => {
        // Gone: another process expired it, or a command moved its deadline, since the listing.
        if ((await tx.records.get(DISPUTE_COLLECTIONS.schedule, entry.id)) === undefined)
          return ok(false);
        const ran = await runDisputeCommand(dependencies, tx, expiry, {
          correlationId: `sweep:${entry.id}`,
        });
        return ran.map((done) => done.events.length > 0);
      },
      LEDGER_COMMAND_TRANSACTION,
    );
    if (outcome.isOk()) {
      if (outcome.value) expired += 1;
      else skipped += 1;
      continue;
    }
    if (outcome.error.type === 'storage.conflict') {
      skipped += 1;
      continue;
    }
    if (!STATE_MACHINE_REFUSALS.has(outcome.error.type)) {
      // The ledger or the storage refused (e.g. a posting): the entry stays for the next sweep.
      failed += 1;
      continue;
    }
    // The state machine says the dispute cannot expire from where it is: the entry is stale.
    const dropped = await dependencies.storage.transaction(tenantId, async (tx) => {
      const stale = await tx.records.get(DISPUTE_COLLECTIONS.schedule, entry.id);
      if (stale !== undefined)
        await tx.records.delete({
          collection: DISPUTE_COLLECTIONS.schedule,
          id: entry.id,
          expectedVersion: stale.version,
        });
      return ok(undefined);
    });
    if (dropped.isErr() && dropped.error.type !== 'storage.conflict') return err(dropped.error);
    skipped += 1;
  }
  const more = alerts.value.more || listed.value.more;
  return ok({ alerted: alerts.value.alerted, expired, skipped, failed, more });
}
