import { createEventStore } from '@strongroom/events';
import {
  type Id,
  ok,
  type Page,
  type Result,
  resolveIdGenerator,
  type StorageError,
  systemClock,
  type TenantId,
} from '@strongroom/kernel';
import { LEDGER_COMMAND_TRANSACTION } from '@strongroom/ledger';
import { DEFAULT_REASON_CODE_CATALOGUE } from '../catalogue/reason-code-catalogue.js';
import { DEFAULT_ALERT_LEAD_TIMES_MS } from '../deadlines/alert-times.js';
import { type EvidenceChecklist, evidenceChecklist } from '../evidence/evidence-checklist.js';
import type { DisputeCommand } from '../lifecycle/dispute-command.js';
import type { Dispute } from '../lifecycle/dispute-state.js';
import type { ProviderNotification } from '../providers/provider-notification.js';
import {
  applyProviderNotification,
  type ProviderNotificationOutcome,
} from './apply-provider-notification.js';
import { createDisputeAutoBatcher } from './dispute-auto-batch.js';
import { NO_DISPUTE_FEES } from './dispute-fee-schedule.js';
import {
  type DisputeListQuery,
  type DisputePageRequest,
  type DisputeTimelineEntry,
  disputeTimeline,
  getDispute,
  listDisputes,
} from './dispute-queries.js';
import type { DisputeRequestContext } from './dispute-request-context.js';
import type { DisputesDependencies } from './disputes-dependencies.js';
import type { DisputesError } from './disputes-error.js';
import type { DisputesOptions } from './disputes-options.js';
import { type DisputeCommandOutcome, runDisputeCommand } from './run-dispute-command.js';
import { type DisputeSweepOutcome, sweepDisputeDeadlines } from './sweep-dispute-deadlines.js';

/**
 * The dispute engine: chargebacks from first notice to final ruling, each dispute an event-sourced
 * aggregate whose money moves in the ledger in the same transaction as its events.
 */
export interface Disputes {
  /** A fresh dispute id, for `open_*` commands. */
  newDisputeId(): Id<'dsp'>;
  /** Runs one command (open, stage or submit evidence, accept, …) in its own transaction. */
  execute(
    tenantId: TenantId,
    command: DisputeCommand,
    context?: DisputeRequestContext,
  ): Promise<Result<DisputeCommandOutcome, DisputesError>>;
  /** Applies a normalized provider notice (see `parseStripeDisputeEvent`, `parseAdyenDisputeNotification`). */
  applyProviderNotification(
    tenantId: TenantId,
    notification: ProviderNotification,
    context?: DisputeRequestContext,
  ): Promise<Result<ProviderNotificationOutcome, DisputesError>>;
  /** The dispute as of its last command, `null` when unknown. */
  get(tenantId: TenantId, disputeId: string): Promise<Result<Dispute | null, StorageError>>;
  /** Every event of the dispute with its actor and time. */
  timeline(
    tenantId: TenantId,
    disputeId: string,
    page?: { readonly fromVersion?: number; readonly limit: number },
  ): Promise<Result<DisputeTimelineEntry[], DisputesError>>;
  /** Disputes by status, merchant or deadline, with cursor pagination. */
  list(
    tenantId: TenantId,
    query: DisputeListQuery,
    page: DisputePageRequest,
  ): Promise<Result<Page<Dispute>, DisputesError>>;
  /** What the dispute's reason code asks for, and what the staged evidence still misses. */
  checklist(
    tenantId: TenantId,
    disputeId: string,
  ): Promise<Result<EvidenceChecklist | null, DisputesError>>;
  /** Publishes due reminders and expires overdue disputes; see `sweepDisputeDeadlines`. */
  sweepDeadlines(
    tenantId: TenantId,
    options?: { readonly limit?: number },
  ): Promise<Result<DisputeSweepOutcome, DisputesError>>;
}

/** Builds the dispute engine. */
export function createDisputes(options: DisputesOptions): Disputes {
  const clock = options.clock ?? systemClock;
  const ids = resolveIdGenerator(options.ids);
  const catalogue = options.catalogue ?? DEFAULT_REASON_CODE_CATALOGUE;
  const dependencies: DisputesDependencies = {
    storage: options.storage,
    store: options.eventStore ?? createEventStore({ clock, ids }),
    ledger: options.ledger,
    audit: options.audit,
    houseAccounts: options.houseAccounts,
    fees: options.fees ?? NO_DISPUTE_FEES,
    catalogue,
    alertLeadTimesMs: options.alertLeadTimesMs ?? DEFAULT_ALERT_LEAD_TIMES_MS,
    resolvePayment: options.resolvePayment ?? (async () => undefined),
    clock,
    ids,
  };
  const batcher =
    options.autoBatch === false
      ? null
      : createDisputeAutoBatcher(dependencies, options.autoBatch ?? {});
  return {
    newDisputeId: () => ids.next('dsp'),
    execute: async (tenantId, command, context = {}) =>
      batcher !== null
        ? batcher.submit(tenantId, command, context)
        : dependencies.storage.transaction(
            tenantId,
            (tx) => runDisputeCommand(dependencies, tx, command, context),
            LEDGER_COMMAND_TRANSACTION,
          ),
    applyProviderNotification: (tenantId, notification, context = {}) =>
      applyProviderNotification(dependencies, tenantId, notification, context),
    get: (tenantId, disputeId) => getDispute(dependencies, tenantId, disputeId),
    timeline: (tenantId, disputeId, page = { limit: 200 }) =>
      disputeTimeline(dependencies, tenantId, disputeId, page),
    list: (tenantId, query, page) => listDisputes(dependencies, tenantId, query, page),
    async checklist(tenantId, disputeId) {
      const dispute = await getDispute(dependencies, tenantId, disputeId);
      if (dispute.isErr() || dispute.value === null) return dispute.map(() => null);
      const match = catalogue.lookup(dispute.value.network, dispute.value.reasonCode);
      if (match.isErr()) return ok(null);
      return ok(evidenceChecklist(match.value.entry, dispute.value.stagedEvidence));
    },
    sweepDeadlines: (tenantId, sweepOptions) =>
      sweepDisputeDeadlines(dependencies, tenantId, sweepOptions),
  };
}
