import { type Id, typeIdGenerator } from '@strongroom/kernel';
import { type DemoAccounts, openAccounts } from './accounts.js';
import { check, type Problem } from './demo-client.js';
import type { DemoContext } from './demo-context.js';
import { moneyText } from './money-text.js';

/** What the payments chapter ends with. */
export interface PaymentsOutcome {
  /** The status of each account opened. */
  readonly accounts: readonly string[];
  readonly templates: readonly string[];
  readonly capture: { readonly status: number; readonly result: string };
  readonly replay: { readonly status: number; readonly replayed: string | null };
  readonly retry: { readonly status: number; readonly result: string };
  readonly overdraft: { readonly status: number; readonly type: string };
  readonly hold: { readonly status: number; readonly pendingStatus: string };
  readonly partialCapture: { readonly status: number; readonly result: string };
  /** The merchant's posted balance after both payments. */
  readonly merchantBalance: string;
}

/** The accounts and payments the later chapters dispute and read. */
export interface Payments extends DemoAccounts {
  /** The 120.00 capture of order 1043 (a journal entry of three legs). */
  readonly capture: Id<'trf'>;
  /** The 250.00 captured of order 1044's 300.00 hold. */
  readonly partialCapture: Id<'trf'>;
}

interface Balances {
  readonly debitsPending: string;
  readonly debitsPosted: string;
  readonly creditsPending: string;
  readonly creditsPosted: string;
}

interface TransferResult {
  readonly id: string;
  readonly status: string;
  readonly transfer: { readonly pendingStatus: string } | null;
  readonly accounts: readonly { readonly accountId: string; readonly balances: Balances }[];
}

/** The `X-Request-Id` of the capture, by which the audit chapter finds its entry in the log. */
export const CAPTURE_REQUEST_ID = 'demo-capture-order-1043';

/** Ledger codes the demo's transfers are filed under. */
const CODES = { authorization: 1_101, walletPayment: 2_001 } as const;

/** How long an authorization hold lasts before the ledger releases it by itself. */
const HOLD_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;

function creditedTo(result: TransferResult, accountId: string): string {
  const account = result.accounts.find((entry) => entry.accountId === accountId);
  return moneyText(account?.balances.creditsPosted ?? '0');
}

/**
 * The money part of the story: the platform opens a card clearing account, the merchant's balance,
 * its fee revenue and a customer wallet that may never go negative; a 120.00 card payment is
 * captured through the `card.capture` posting template (merchant 116.22, fee 3.78) and retried
 * twice without moving money twice; a payment from the empty wallet is refused; a 300.00
 * authorization hold is captured in part.
 */
export async function runPayments(
  context: DemoContext,
  userId: string,
  cardToken: string,
): Promise<{ outcome: PaymentsOutcome; payments: Payments }> {
  const { client, print } = context;
  const ids = typeIdGenerator;
  print('— Money moves on the ledger');
  const { statuses, accounts } = await openAccounts(context, userId);

  const listed = await client.expect<{
    templates: { name: string; parameters: Record<string, string> }[];
  }>('list the posting templates', 200, 'GET', '/v1/ledger/templates');
  const templates = listed.body.templates.map((template) => template.name);
  const capture = listed.body.templates.find((template) => template.name === 'card.capture');
  check('the card.capture template is offered', capture !== undefined, true);
  print(
    `  GET /v1/ledger/templates → ${templates.join(', ')} (${Object.entries(
      capture?.parameters ?? {},
    )
      .map(([name, kind]) => `${name}: ${kind}`)
      .join(', ')})`,
  );

  const captureId = ids.next('trf');
  const application = {
    id: captureId,
    values: {
      clearing: accounts.clearing,
      merchant: accounts.merchant,
      fees: accounts.fees,
      amount: '12000',
      fee: '378',
    },
    metadata: { order: '1043', cardToken },
  };
  const idempotencyKey = crypto.randomUUID();
  const captured = await client.expect<TransferResult>(
    'capture the card payment',
    201,
    'POST',
    '/v1/ledger/templates/card.capture/apply',
    { body: application, idempotencyKey, requestId: CAPTURE_REQUEST_ID },
  );
  print(
    `  POST /v1/ledger/templates/card.capture/apply → 201 ${captured.body.status}: 120.00 USD for order 1043; merchant ${creditedTo(captured.body, accounts.merchant)}, fees ${creditedTo(captured.body, accounts.fees)}`,
  );
  const replay = await client.expect<TransferResult>(
    'retry with the same Idempotency-Key',
    201,
    'POST',
    '/v1/ledger/templates/card.capture/apply',
    { body: application, idempotencyKey },
  );
  const replayed = replay.headers.get('idempotency-replayed');
  check('retry with the same Idempotency-Key', replayed, 'true');
  print(
    `  the same request, same Idempotency-Key → 201 again with Idempotency-Replayed: ${replayed}`,
  );
  const retried = await client.expect<TransferResult>(
    'retry with the same transfer id',
    200,
    'POST',
    '/v1/ledger/templates/card.capture/apply',
    { body: application, idempotencyKey: crypto.randomUUID() },
  );
  check('retry with the same transfer id', retried.body.status, 'exists');
  print(
    `  the same transfer id under a new key → 200 ${retried.body.status}: the money moved once`,
  );

  const overdraft = await client.expect<Problem>(
    'pay from the empty wallet',
    422,
    'POST',
    '/v1/ledger/transfers',
    {
      body: {
        id: ids.next('trf'),
        debitAccountId: accounts.wallet,
        creditAccountId: accounts.merchant,
        amountMinor: '2500',
        currency: 'USD',
        code: CODES.walletPayment,
      },
    },
  );
  print(`  25.00 USD from Ann’s empty wallet → 422 ${overdraft.body.type}`);

  const holdId = ids.next('trf');
  const hold = await client.expect<TransferResult>(
    'authorize a hold',
    201,
    'POST',
    '/v1/ledger/transfers',
    {
      body: {
        id: holdId,
        debitAccountId: accounts.clearing,
        creditAccountId: accounts.merchant,
        amountMinor: '30000',
        currency: 'USD',
        code: CODES.authorization,
        flags: { pending: true },
        timeoutMs: HOLD_TIMEOUT_MS,
        metadata: { order: '1044', cardToken },
      },
    },
  );
  const pendingStatus = hold.body.transfer?.pendingStatus ?? 'missing';
  check('authorize a hold', pendingStatus, 'pending');
  const partialCaptureId = ids.next('trf');
  const posted = await client.expect<TransferResult>(
    'capture part of the hold',
    201,
    'POST',
    `/v1/ledger/transfers/${holdId}/post`,
    { body: { id: partialCaptureId, amountMinor: '25000' } },
  );
  const balance = await client.expect<{ postedMinor: string }>(
    'read the merchant balance',
    200,
    'GET',
    `/v1/ledger/accounts/${accounts.merchant}/balance`,
  );
  print(
    `  POST /v1/ledger/transfers (pending, 7 days) → 201: a 300.00 USD hold for order 1044; POST …/transfers/{hold}/post 250.00 → 201 ${posted.body.status}, 50.00 released`,
  );
  print(`  GET …/accounts/{merchant}/balance → ${moneyText(balance.body.postedMinor)}`);
  return {
    outcome: {
      accounts: statuses,
      templates,
      capture: { status: captured.status, result: captured.body.status },
      replay: { status: replay.status, replayed },
      retry: { status: retried.status, result: retried.body.status },
      overdraft: { status: overdraft.status, type: overdraft.body.type },
      hold: { status: hold.status, pendingStatus },
      partialCapture: { status: posted.status, result: posted.body.status },
      merchantBalance: moneyText(balance.body.postedMinor),
    },
    payments: { ...accounts, capture: captureId, partialCapture: partialCaptureId },
  };
}
