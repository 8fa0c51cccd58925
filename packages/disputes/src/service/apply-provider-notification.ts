import {
  assert,
  err,
  type Id,
  ok,
  parseId,
  type Result,
  type TenantId,
  validationError,
} from '@strongroom/kernel';
import { LEDGER_COMMAND_TRANSACTION } from '@strongroom/ledger';
import type { CommandSource } from '../lifecycle/command-source.js';
import type { DisputeCommand, OpenDisputeCommand } from '../lifecycle/dispute-command.js';
import type { Dispute } from '../lifecycle/dispute-state.js';
import { isIsoDate } from '../lifecycle/iso-time.js';
import type { ProviderNotification, ProviderOpening } from '../providers/provider-notification.js';
import { DISPUTE_COLLECTIONS } from './dispute-collections.js';
import type { DisputeRequestContext } from './dispute-request-context.js';
import type { DisputesDependencies } from './disputes-dependencies.js';
import type { DisputesError } from './disputes-error.js';
import type { ResolvedPayment } from './disputes-options.js';
import { runDisputeCommand } from './run-dispute-command.js';

/** Most commands one provider notice may carry. */
export const PROVIDER_COMMANDS_MAX = 8;

/** What a provider notice did to its dispute. */
export interface ProviderNotificationOutcome {
  readonly dispute: Dispute | null;
  /** Events recorded; 0 for a duplicate or a stale notice. */
  readonly recorded: number;
}

// What the host's resolvePayment tells about a payment: its ledger links and perhaps its date.
interface PaymentLinks {
  readonly transferId: Id<'trf'>;
  readonly merchantAccountId: Id<'acc'>;
  readonly transactionDate?: string;
}

function providerKey(notification: ProviderNotification): string {
  return `${notification.provider}:${notification.providerDisputeId}`;
}

function openCommand(
  notification: ProviderNotification,
  opening: ProviderOpening,
  disputeId: Id<'dsp'>,
  payment: PaymentLinks,
  source: CommandSource,
): OpenDisputeCommand {
  const { paymentReference: _reference, startsAs, withdrawsFunds, ...facts } = opening;
  const base = {
    ...facts,
    ...payment,
    disputeId,
    occurredAt: notification.occurredAt,
    source,
    providerReference: {
      provider: notification.provider,
      providerDisputeId: notification.providerDisputeId,
    },
  };
  if (startsAs === 'inquiry') return { ...base, type: 'open_inquiry' };
  if (startsAs === 'prevented') return { ...base, type: 'record_prevention' };
  return { ...base, type: 'open_chargeback', withdrawsFunds };
}

/**
 * The command that carries a bare final word ("closed: lost") to a known dispute: a repeat of
 * its opening, built from what the dispute holds, which the state machine answers with the final
 * status alone.
 */
function finalCarrier(
  dispute: Dispute,
  notification: ProviderNotification,
  source: CommandSource,
): OpenDisputeCommand {
  return {
    type: 'open_chargeback',
    withdrawsFunds: false,
    disputeId: dispute.disputeId,
    occurredAt: notification.occurredAt,
    source,
    transferId: dispute.transferId,
    merchantAccountId: dispute.merchantAccountId,
    network: dispute.network,
    reasonCode: dispute.reasonCode,
    amount: dispute.amount,
    transactionDate: dispute.transactionDate,
    ...(dispute.providerReference === null ? {} : { providerReference: dispute.providerReference }),
  };
}

async function knownDisputeId(dependencies: DisputesDependencies, tenantId: TenantId, key: string) {
  return dependencies.storage.transaction(tenantId, async (tx) => {
    const record = await tx.records.get(DISPUTE_COLLECTIONS.byProvider, key);
    return ok(record === undefined ? null : (record.data['disputeId'] as Id<'dsp'>));
  });
}

async function resolveLinks(
  dependencies: DisputesDependencies,
  provider: string,
  opening: ProviderOpening,
): Promise<Result<PaymentLinks, DisputesError>> {
  const resolved: ResolvedPayment | undefined = await dependencies.resolvePayment(
    provider,
    opening.paymentReference,
  );
  if (resolved === undefined) return err({ type: 'dispute.payment_not_resolved', provider });
  const transferId = parseId('trf', resolved.transferId);
  if (transferId.isErr()) return err(transferId.error);
  const merchantAccountId = parseId('acc', resolved.merchantAccountId);
  if (merchantAccountId.isErr()) return err(merchantAccountId.error);
  const links = { transferId: transferId.value, merchantAccountId: merchantAccountId.value };
  const { transactionDate } = resolved;
  if (transactionDate === undefined) return ok(links);
  if (typeof transactionDate !== 'string' || !isIsoDate(transactionDate)) {
    return err(validationError('transactionDate', 'bad_format'));
  }
  return ok({ ...links, transactionDate });
}

/**
 * Applies one provider notice: finds its dispute by the provider's dispute id, or opens it (the
 * host's `resolvePayment` links the provider's payment to the ledger), then runs the notice's
 * commands, all in one transaction. Each command carries the notice id (numbered within the
 * notice), so a redelivered notice changes nothing; the provider's final status rides on the
 * last command. Two first notices of one dispute racing both try to open it, and the loser runs
 * again and finds the dispute: its index write conflicts, or, when the winner committed between
 * the loser's read of the index and its opening's check (each statement of a READ COMMITTED
 * transaction sees the latest commits), the check finds the reference taken.
 */
export async function applyProviderNotification(
  dependencies: DisputesDependencies,
  tenantId: TenantId,
  notification: ProviderNotification,
  context: DisputeRequestContext,
): Promise<Result<ProviderNotificationOutcome, DisputesError>> {
  const applied = await applyOnce(dependencies, tenantId, notification, context);
  // Only the notice's own reference can be taken: the dispute now exists, and this run finds it.
  if (applied.isErr() && applied.error.type === 'dispute.provider_reference_taken')
    return applyOnce(dependencies, tenantId, notification, context);
  return applied;
}

async function applyOnce(
  dependencies: DisputesDependencies,
  tenantId: TenantId,
  notification: ProviderNotification,
  context: DisputeRequestContext,
): Promise<Result<ProviderNotificationOutcome, DisputesError>> {
  assert(
    notification.commands.length <= PROVIDER_COMMANDS_MAX,
    `a provider notice carries at most ${PROVIDER_COMMANDS_MAX} commands`,
  );
  const key = providerKey(notification);
  const known = await knownDisputeId(dependencies, tenantId, key);
  if (known.isErr()) return err(known.error);
  const { opening } = notification;
  // A notice that must not open a dispute (a fraud alert) about one not seen: nothing to do.
  if (known.value === null && opening === null) return ok({ dispute: null, recorded: 0 });
  const links =
    known.value === null && opening !== null
      ? await resolveLinks(dependencies, notification.provider, opening)
      : undefined;
  if (links?.isErr()) return err(links.error);
  const newDisputeId = dependencies.ids.next('dsp');
  return dependencies.storage.transaction(
    tenantId,
    async (tx): Promise<Result<ProviderNotificationOutcome, DisputesError>> => {
      const record = await tx.records.get(DISPUTE_COLLECTIONS.byProvider, key);
      const existing = record === undefined ? null : (record.data['disputeId'] as Id<'dsp'>);
      const sourceOf = (index: number, last: boolean): CommandSource => ({
        kind: 'provider',
        provider: notification.provider,
        notificationId: `${notification.notificationId}#${index}`,
        ...(last && notification.final !== undefined ? { final: notification.final } : {}),
      });
      const commands: DisputeCommand[] = [];
      const disputeId = existing ?? newDisputeId;
      const carriesFinalAlone = notification.commands.length === 0;
      if (existing === null) {
        if (opening === null || links === undefined || links.isErr())
          return err({ type: 'dispute.payment_not_resolved', provider: notification.provider });
        commands.push(
          openCommand(
            notification,
            opening,
            disputeId,
            links.value,
            sourceOf(0, carriesFinalAlone),
          ),
        );
      } else if (carriesFinalAlone && notification.final !== undefined) {
        const summary = await tx.records.get(DISPUTE_COLLECTIONS.summaries, existing);
        assert(summary !== undefined, 'a dispute known by its provider id has a summary');
        commands.push(
          finalCarrier(summary.data as unknown as Dispute, notification, sourceOf(0, true)),
        );
      }
      for (const [index, command] of notification.commands.entries()) {
        const last = index === notification.commands.length - 1;
        commands.push({
          ...command,
          disputeId,
          occurredAt: notification.occurredAt,
          source: sourceOf(index + 1, last),
        } as DisputeCommand);
      }
      let dispute: Dispute | null = null;
      let recorded = 0;
      for (const command of commands) {
        const ran = await runDisputeCommand(dependencies, tx, command, context);
        if (ran.isErr()) return err(ran.error);
        dispute = ran.value.dispute;
        recorded += ran.value.events.length;
      }
      if (dispute === null) {
        // An informational notice about a known dispute ran nothing: answer the dispute as it is.
        const summary = await tx.records.get(DISPUTE_COLLECTIONS.summaries, disputeId);
        dispute = summary === undefined ? null : (summary.data as unknown as Dispute);
      }
      return ok({ dispute, recorded });
    },
    LEDGER_COMMAND_TRANSACTION,
  );
}
