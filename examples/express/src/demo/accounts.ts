import { type Id, typeIdGenerator } from '@strongroom/kernel';
import type { DemoContext } from './demo-context.js';

/** The story's own ledger accounts, all in USD. */
export interface DemoAccounts {
  /** What the card network owes the platform (an asset). */
  readonly clearing: Id<'acc'>;
  /** Acme Outdoor's balance: what the platform owes the merchant. */
  readonly merchant: Id<'acc'>;
  /** The platform's card processing fee revenue. */
  readonly fees: Id<'acc'>;
  /** Ann's stored-value wallet, which may never go negative. */
  readonly wallet: Id<'acc'>;
}

/** Ledger codes the demo's accounts are filed under. */
const ACCOUNT_CODES = { clearing: 1_000, merchant: 2_000, wallet: 2_100, fees: 4_000 } as const;

/**
 * Opens the story's accounts in one batch; ids are chosen by the client (they are the
 * idempotency keys of the creations). Returns each creation's status and the ids.
 */
export async function openAccounts(
  context: DemoContext,
  userId: string,
): Promise<{ statuses: string[]; accounts: DemoAccounts }> {
  const { client, print } = context;
  const accounts = {
    clearing: typeIdGenerator.next('acc'),
    merchant: typeIdGenerator.next('acc'),
    fees: typeIdGenerator.next('acc'),
    wallet: typeIdGenerator.next('acc'),
  };
  const opened = await client.expect<{ results: { status: string }[] }>(
    'open the accounts',
    200,
    'POST',
    '/v1/ledger/accounts/batch',
    {
      body: {
        accounts: [
          {
            id: accounts.clearing,
            currency: 'USD',
            code: ACCOUNT_CODES.clearing,
            name: 'Card clearing',
            type: 'asset',
          },
          {
            id: accounts.merchant,
            currency: 'USD',
            code: ACCOUNT_CODES.merchant,
            name: 'Acme Outdoor',
            type: 'liability',
            owner: { type: 'merchant', id: 'acme-outdoor' },
          },
          {
            id: accounts.fees,
            currency: 'USD',
            code: ACCOUNT_CODES.fees,
            name: 'Card processing fees',
            type: 'revenue',
          },
          {
            id: accounts.wallet,
            currency: 'USD',
            code: ACCOUNT_CODES.wallet,
            name: 'Ann’s wallet',
            type: 'liability',
            owner: { type: 'user', id: userId },
            flags: { debitsMustNotExceedCredits: true },
          },
        ],
      },
    },
  );
  const statuses = opened.body.results.map((result) => result.status);
  print(
    `  POST /v1/ledger/accounts/batch → 200: card clearing, Acme Outdoor (merchant), processing fees, Ann’s wallet (debits must not exceed credits): ${statuses.join(', ')}`,
  );
  return { statuses, accounts };
}
