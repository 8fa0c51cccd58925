import { check, DemoStepError, type Problem } from './demo-client.js';
import type { DemoContext } from './demo-context.js';
import { moneyText } from './money-text.js';
import type { Payments } from './payments.js';
import { refreshAccess } from './sign-in.js';

/** What the disputes chapter ends with. */
export interface DisputesOutcome {
  /** The chargeback the merchant answers with evidence in time. */
  readonly defended: {
    readonly opened: string;
    readonly evidenceStaged: number;
    readonly submitted: string;
    readonly afterDeadline: string;
  };
  /** The chargeback the merchant lets run out. */
  readonly undefended: {
    readonly opened: string;
    readonly afterDeadline: string;
    readonly lostReason: string | null;
    readonly timeline: readonly string[];
  };
  /** What the access token got once the clock had moved past its lifetime. */
  readonly expiredToken: { readonly status: number; readonly type: string };
  /** The balances of the USD house accounts at the end. */
  readonly house: { readonly reserve: string; readonly fees: string; readonly losses: string };
}

interface Dispute {
  readonly disputeId: string;
  readonly status: string;
  readonly lostReason: string | null;
  readonly deadline: { readonly kind: string; readonly dueAt?: string };
  readonly stagedEvidence: readonly unknown[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The acquirer's response deadline, shorter than Visa's own window as PSP cut-offs are. */
const RESPONSE_WINDOW_MS = 7 * DAY_MS;

async function openChargeback(
  context: DemoContext,
  step: string,
  opening: {
    readonly transferId: string;
    readonly merchantAccountId: string;
    readonly reasonCode: string;
    readonly amountMinor: string;
  },
): Promise<Dispute> {
  const now = context.clock.now();
  const opened = await context.client.expect<Dispute>(step, 201, 'POST', '/v1/disputes', {
    body: {
      kind: 'chargeback',
      ...opening,
      network: 'visa',
      currency: 'USD',
      transactionDate: now.toISOString().slice(0, 10),
      responseDueAt: new Date(now.getTime() + RESPONSE_WINDOW_MS).toISOString(),
      withdrawsFunds: true,
    },
  });
  return opened.body;
}

async function readDispute(context: DemoContext, disputeId: string): Promise<Dispute> {
  return (
    await context.client.expect<Dispute>(
      'read the dispute',
      200,
      'GET',
      `/v1/disputes/${disputeId}`,
    )
  ).body;
}

async function postedBalance(context: DemoContext, accountId: string): Promise<string> {
  const balance = await context.client.expect<{ postedMinor: string }>(
    'read a house account',
    200,
    'GET',
    `/v1/ledger/accounts/${accountId}/balance`,
  );
  return moneyText(balance.body.postedMinor);
}

/**
 * Two chargebacks, both withdrawing the disputed amount and the 15.00 fee from the merchant as
 * they open. Order 1043's (Visa 13.1, merchandise not received) is answered in time with a
 * tracking number and a receipt; 40.00 of order 1044's (Visa 13.3, not as described) is left
 * unanswered. Eight days later on the fake clock, the deadline sweep has expired the second
 * (lost, the 40.00 written off) and left the first under review.
 */
export async function runDisputes(
  context: DemoContext,
  payments: Payments,
  refreshToken: string,
): Promise<DisputesOutcome> {
  const { client, print, clock, service } = context;
  print('— Chargebacks, and a deadline that passes');
  const defended = await openChargeback(context, 'open the 13.1 chargeback', {
    transferId: payments.capture,
    merchantAccountId: payments.merchant,
    reasonCode: '13.1',
    amountMinor: '12000',
  });
  const path = `/v1/disputes/${defended.disputeId}`;
  print(
    `  POST /v1/disputes → 201 ${defended.status}: Visa 13.1 on order 1043's 120.00 USD, due ${defended.deadline.dueAt}; 120.00 + 15.00 fee withdrawn from the merchant`,
  );
  const checklist = await client.expect<{ missing: { fields: string[] }[] }>(
    'read the evidence checklist',
    200,
    'GET',
    `${path}/checklist`,
  );
  print(
    `  GET …/checklist → 13.1 asks for ${checklist.body.missing.map((requirement) => requirement.fields.join(' or ')).join('; ')}`,
  );
  const staged = await client.expect<Dispute>('stage evidence', 200, 'POST', `${path}/evidence`, {
    body: {
      items: [
        { kind: 'text', field: 'shipping_tracking_number', text: '1Z999AA10123456784' },
        { kind: 'text', field: 'shipping_carrier', text: 'UPS' },
        {
          kind: 'document',
          field: 'receipt',
          reference: 's3://acme-outdoor-receipts/order-1043.pdf',
          sha256: 'a'.repeat(64),
          sizeBytes: 48_213,
          mediaType: 'application/pdf',
        },
      ],
    },
  });
  const submitted = await client.expect<Dispute>('submit evidence', 200, 'POST', `${path}/submit`, {
    body: {},
  });
  print(
    `  POST …/evidence → 200, ${staged.body.stagedEvidence.length} items staged; POST …/submit → 200 ${submitted.body.status}`,
  );

  const undefended = await openChargeback(context, 'open the 13.3 chargeback', {
    transferId: payments.partialCapture,
    merchantAccountId: payments.merchant,
    reasonCode: '13.3',
    amountMinor: '4000',
  });
  print(
    `  POST /v1/disputes → 201 ${undefended.status}: Visa 13.3 on 40.00 USD of order 1044, due ${undefended.deadline.dueAt}; the merchant never answers`,
  );

  clock.advance(RESPONSE_WINDOW_MS + DAY_MS);
  print(`  the fake clock moves 8 days on, to ${clock.now().toISOString()}`);
  const expired = await client.request<Problem>('GET', `/v1/disputes/${undefended.disputeId}`);
  check('read with an expired access token', expired.status, 401);
  await refreshAccess(context, refreshToken);
  print(
    `  GET /v1/disputes/{id} → 401 ${expired.body.type}; POST /v1/identity/refresh → 200, a new token pair`,
  );
  // The in-process worker sweeps deadlines every second; one round now makes the story exact.
  const round = await service.strongroom.worker.runOnce(context.tenantId);
  const sweep = round.jobs.find((job) => job.job === 'dispute_deadline_sweep');
  if (sweep === undefined || sweep.errors.length > 0)
    throw new DemoStepError('sweep the deadlines: the dispute deadline sweep did not run cleanly');
  const defendedAfter = await readDispute(context, defended.disputeId);
  const undefendedAfter = await readDispute(context, undefended.disputeId);
  const timeline = await client.expect<{ items: { type: string }[] }>(
    'read the timeline',
    200,
    'GET',
    `/v1/disputes/${undefended.disputeId}/timeline`,
  );
  const timelineTypes = timeline.body.items.map((entry) => entry.type);
  print(
    `  the worker's deadline sweep ran; GET /v1/disputes/{13.1} → ${defendedAfter.status} (answered in time); GET /v1/disputes/{13.3} → ${undefendedAfter.status} (${undefendedAfter.lostReason})`,
  );
  print(`  the 13.3 timeline: ${timelineTypes.join(' → ')}`);

  const house = service.houseAccounts.get('USD');
  if (house === undefined) throw new DemoStepError('the service has no USD house accounts');
  const balances = {
    reserve: await postedBalance(context, house.reserveAccountId),
    fees: await postedBalance(context, house.feeAccountId),
    losses: await postedBalance(context, house.lossAccountId),
  };
  print(
    `  house accounts: dispute reserve ${balances.reserve} (the 13.1 case), fees payable ${balances.fees}, chargebacks payable ${balances.losses} (the lost 13.3)`,
  );
  return {
    defended: {
      opened: defended.status,
      evidenceStaged: staged.body.stagedEvidence.length,
      submitted: submitted.body.status,
      afterDeadline: defendedAfter.status,
    },
    undefended: {
      opened: undefended.status,
      afterDeadline: undefendedAfter.status,
      lostReason: undefendedAfter.lostReason,
      timeline: timelineTypes,
    },
    expiredToken: { status: expired.status, type: expired.body.type },
    house: balances,
  };
}
