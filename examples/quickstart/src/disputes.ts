import { type Disputes, parseStripeDisputeEvent, type ResolvedPayment } from '@strongroom/disputes';
import {
  consumeOnce,
  createInProcessPublisher,
  createOutboxRelay,
  type RelayRoundOutcome,
} from '@strongroom/events';
import { type Id, type IdGenerator, ok, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import type { Strongroom } from '@strongroom/sdk';
import { walletBalance } from './money.js';

/** What the dispute part of the story ends with. */
export interface DisputeStoryOutcome {
  readonly status: string;
  /** The merchant's balance after the win: the 49.99 back, the 15.00 fee kept by the network. */
  readonly merchantBalanceMinor: bigint;
  /** Events the redelivered webhook recorded: none. */
  readonly duplicateRecorded: number;
  readonly timeline: readonly string[];
  /** Dispute events the outbox relay published to the in-process subscriber, each handled once. */
  readonly publishedDisputeEvents: number;
}

/** The ledger accounts of the story: chosen before the engine is built, which names the house ones. */
export interface DisputeStoryAccounts {
  readonly settlement: Id<'acc'>;
  readonly merchant: Id<'acc'>;
  readonly reserve: Id<'acc'>;
  readonly fees: Id<'acc'>;
  readonly losses: Id<'acc'>;
}

const DUE_BY = Date.parse('2026-02-20T23:59:59Z') / 1000;

// A Stripe `charge.dispute.*` webhook as Stripe sends it, trimmed to the fields the parser reads.
function stripeWebhook(id: string, type: string, status: string, createdSeconds: number) {
  return {
    id,
    object: 'event',
    type,
    created: createdSeconds,
    data: {
      object: {
        id: 'dp_quickstart',
        object: 'dispute',
        amount: 4999,
        currency: 'usd',
        charge: 'ch_quickstart',
        created: 1769860800,
        status,
        reason: 'product_not_received',
        balance_transactions: [],
        evidence_details: {
          due_by: DUE_BY,
          past_due: false,
          has_evidence: false,
          submission_count: 0,
        },
        payment_method_details: {
          type: 'card',
          card: { brand: 'visa', network_reason_code: '13.1', case_type: 'chargeback' },
        },
      },
    },
  };
}

async function receive(disputes: Disputes, tenantId: TenantId, webhook: unknown) {
  const notice = unwrapOrThrow(parseStripeDisputeEvent(webhook));
  if (notice === null) return 0;
  return unwrapOrThrow(await disputes.applyProviderNotification(tenantId, notice)).recorded;
}

/**
 * The dispute part of the quickstart: a card payment of 49.99 USD is charged back (Visa 13.1,
 * merchandise not received) through Stripe's webhooks; the amount and the 15.00 fee leave the
 * merchant's balance for the dispute reserve in the dispute's own transaction; the merchant stages
 * a tracking number and a receipt and submits them; Stripe's redelivered webhook changes nothing;
 * the win returns the amount; the outbox relay publishes every dispute event to a subscriber that
 * handles each once.
 */
export async function runDisputeStory(
  strongroom: Strongroom,
  tenantId: TenantId,
  accounts: DisputeStoryAccounts,
  payments: Map<string, ResolvedPayment>,
  print: (line: string) => void,
): Promise<DisputeStoryOutcome> {
  const { ledger, ids } = strongroom;
  const disputes = strongroom.disputes;
  if (disputes === undefined) throw new Error('the quickstart configures disputes');
  const liability = { currency: 'USD', code: 1, type: 'liability' as const };
  unwrapOrThrow(
    await ledger.createAccounts(tenantId, [
      { id: accounts.settlement, currency: 'USD', code: 1, name: 'Card settlement', type: 'asset' },
      { id: accounts.merchant, name: 'Merchant balance', ...liability },
      { id: accounts.reserve, name: 'Dispute reserve', ...liability },
      { id: accounts.fees, name: 'Dispute fees payable', ...liability },
      { id: accounts.losses, name: 'Chargebacks payable', ...liability },
    ]),
  );
  const payment = ids.next('trf');
  unwrapOrThrow(
    await ledger.createTransfer(tenantId, {
      kind: 'transfer',
      transfer: {
        id: payment,
        debitAccountId: accounts.settlement,
        creditAccountId: accounts.merchant,
        amountMinor: 49_99n,
        currency: 'USD',
        code: 1,
      },
    }),
  );
  // The host's own table from Stripe charge ids to ledger transfers (see `resolvePayment`).
  payments.set('stripe:ch_quickstart', {
    transferId: payment,
    merchantAccountId: accounts.merchant,
  });

  await receive(
    disputes,
    tenantId,
    stripeWebhook('evt_qs_created', 'charge.dispute.created', 'needs_response', 1769860801),
  );
  await receive(
    disputes,
    tenantId,
    stripeWebhook(
      'evt_qs_withdrawn',
      'charge.dispute.funds_withdrawn',
      'needs_response',
      1769860802,
    ),
  );
  const afterChargeback = await merchantBalance(strongroom, tenantId, accounts.merchant);
  print(
    `chargeback 49.99 USD (Visa 13.1) from Stripe: merchant balance ${walletBalance(afterChargeback)} (amount and 15.00 fee withdrawn)`,
  );

  const [dispute] = unwrapOrThrow(
    await disputes.list(
      tenantId,
      { by: 'merchant', merchantAccountId: accounts.merchant },
      { limit: 1 },
    ),
  ).items;
  if (dispute === undefined) throw new Error('the webhook opened a dispute');
  const checklistBefore = unwrapOrThrow(await disputes.checklist(tenantId, dispute.disputeId));
  print(
    `evidence 13.1 asks for: ${checklistBefore?.missing.map((requirement) => requirement.fields.join(' or ')).join('; ')}`,
  );
  unwrapOrThrow(
    await disputes.execute(tenantId, {
      type: 'stage_evidence',
      disputeId: dispute.disputeId,
      occurredAt: strongroom.clock.now().toISOString(),
      source: { kind: 'merchant' },
      items: [
        { kind: 'text', field: 'shipping_tracking_number', text: '1Z999AA10123456784' },
        { kind: 'text', field: 'shipping_carrier', text: 'UPS' },
        {
          kind: 'document',
          field: 'receipt',
          reference: 's3://receipts/quickstart.pdf',
          sha256: 'a'.repeat(64),
          sizeBytes: 48_213,
          mediaType: 'application/pdf',
        },
      ],
    }),
  );
  unwrapOrThrow(
    await disputes.execute(tenantId, {
      type: 'submit_evidence',
      disputeId: dispute.disputeId,
      occurredAt: strongroom.clock.now().toISOString(),
      source: { kind: 'merchant' },
    }),
  );
  print(
    `evidence staged and submitted: ${unwrapOrThrow(await disputes.get(tenantId, dispute.disputeId))?.status}`,
  );

  const duplicateRecorded = await receive(
    disputes,
    tenantId,
    stripeWebhook(
      'evt_qs_withdrawn',
      'charge.dispute.funds_withdrawn',
      'needs_response',
      1769860802,
    ),
  );
  print(
    `Stripe redelivers the funds_withdrawn webhook: ${duplicateRecorded} events recorded (applied once)`,
  );
  await receive(
    disputes,
    tenantId,
    stripeWebhook('evt_qs_won', 'charge.dispute.closed', 'won', 1771372800),
  );
  const won = unwrapOrThrow(await disputes.get(tenantId, dispute.disputeId));
  const afterWin = await merchantBalance(strongroom, tenantId, accounts.merchant);
  const merchantBalanceMinor = afterWin.creditsPosted - afterWin.debitsPosted;
  print(`Stripe closes the dispute: ${won?.status}; merchant balance ${walletBalance(afterWin)}`);

  const timeline = unwrapOrThrow(await disputes.timeline(tenantId, dispute.disputeId)).map(
    (entry) => entry.type,
  );
  print(`timeline: ${timeline.join(' → ')}`);
  return {
    status: won?.status ?? 'missing',
    merchantBalanceMinor,
    duplicateRecorded,
    timeline,
    publishedDisputeEvents: await relayDisputeEvents(strongroom, tenantId, print),
  };
}

/** Drains the outbox through the relay into an in-process subscriber that handles each event once. */
async function relayDisputeEvents(
  strongroom: Strongroom,
  tenantId: TenantId,
  print: (line: string) => void,
) {
  const publisher = createInProcessPublisher();
  let handled = 0;
  publisher.subscribe(async (event) => {
    if (!event.type.startsWith('dispute.')) return;
    const consumed = await consumeOnce(
      strongroom.storage,
      tenantId,
      'quickstart-notifier',
      event.id,
      async () => ok(undefined),
    );
    if (unwrapOrThrow(consumed).status === 'processed') handled += 1;
  });
  const relay = createOutboxRelay({ storage: strongroom.storage, publisher });
  let round: RelayRoundOutcome;
  do round = unwrapOrThrow(await relay.relayOnce(tenantId));
  while (round.status === 'relayed' && round.more);
  print(
    `outbox relay: ${handled} dispute events delivered to the in-process subscriber, each handled once`,
  );
  return handled;
}

async function merchantBalance(strongroom: Strongroom, tenantId: TenantId, accountId: string) {
  const [account] = unwrapOrThrow(await strongroom.ledger.lookupAccounts(tenantId, [accountId]));
  if (account === null || account === undefined) throw new Error('a story account is missing');
  return account.balances;
}

/** Fresh ids for the story's accounts. */
export function disputeStoryAccounts(ids: IdGenerator): DisputeStoryAccounts {
  return {
    settlement: ids.next('acc'),
    merchant: ids.next('acc'),
    reserve: ids.next('acc'),
    fees: ids.next('acc'),
    losses: ids.next('acc'),
  };
}

/** The dispute options of the demo: USD house accounts, Stripe's 15.00 fee (kept on a win), the payments table. */
export function demoDisputeOptions(
  accounts: DisputeStoryAccounts,
  payments: Map<string, ResolvedPayment>,
) {
  return {
    houseAccounts: (currency: string) =>
      currency === 'USD'
        ? {
            reserveAccountId: accounts.reserve,
            feeAccountId: accounts.fees,
            lossAccountId: accounts.losses,
          }
        : undefined,
    fees: () => ({ amountMinor: 15_00n, refundableOnWin: false }),
    resolvePayment: async (provider: string, reference: string) =>
      payments.get(`${provider}:${reference}`),
  };
}
