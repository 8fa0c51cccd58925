import {
  createDisputes,
  type DisputeAutoBatchOptions,
  type Disputes,
  type ResolvedPayment,
} from '@strongroom/disputes';
import { FakeClock, type Id, type Storage, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import type { Account } from '@strongroom/ledger';
import { accountInput, newTransferId, transferEvent } from '../ledger/ledger-fixtures.js';
import { createSuiteLedger, type SuiteLedger } from '../ledger/suite-ledger.js';
import { countingStorage, type TransactionCounts } from '../storage/counting-storage.js';

/** The start of every disputes case: a month end, so default deadlines cross into the next month. */
export const DISPUTES_SUITE_START = new Date('2026-01-31T12:00:00.000Z');

/** The fee the suite books per USD chargeback, refunded on a win. */
export const SUITE_DISPUTE_FEE_MINOR = 1_500n;

/** The transaction date the suite's host resolves for `ch_suite_dated`, a week before Stripe's. */
export const SUITE_HOST_TRANSACTION_DATE = '2026-01-03';

/** The amount of the suite's captured card payment. */
export const SUITE_PAYMENT_MINOR = 10_000n;

/** The ledger accounts of a disputes case. */
export interface SuiteDisputeAccounts {
  /** The merchant's balance (a liability of the platform), in USD; may go negative. */
  readonly merchant: Id<'acc'>;
  /** A merchant account in EUR, for currency mismatches. */
  readonly merchantEur: Id<'acc'>;
  /** Where card payments come from (the acquirer's settlement, an asset). */
  readonly settlement: Id<'acc'>;
  /** The same in EUR. */
  readonly settlementEur: Id<'acc'>;
  readonly reserve: Id<'acc'>;
  readonly fees: Id<'acc'>;
  readonly losses: Id<'acc'>;
}

/** A dispute engine over the storage under test, with the ledger, accounts and one payment. */
export interface SuiteDisputes extends SuiteLedger {
  readonly disputes: Disputes;
  readonly accounts: SuiteDisputeAccounts;
  /** A captured USD payment into the merchant's balance, the transfer disputes contest. */
  readonly paymentId: Id<'trf'>;
  /** Provider payment references the engine can resolve (`ch_suite` → the payment). */
  readonly payments: Map<string, ResolvedPayment>;
  /** The clock the engine and ledger read. */
  readonly clock: FakeClock;
  /** Net posted balance of an account: credits minus debits. */
  balance(accountId: string): Promise<bigint>;
  /** Every account of the case, for the money invariants. */
  allAccounts(): Promise<Account[]>;
  /** Another captured payment of `amountMinor` into the merchant's balance. */
  pay(amountMinor: bigint): Promise<Id<'trf'>>;
  /**
   * Transactions the dispute engine has begun so far (each `storage.transaction` call: a command
   * alone, a shared batch, or a batch's fallback to one commit per command).
   */
  disputeTransactions(): number;
}

/**
 * Builds a dispute engine the way a host would: the real ledger and audit log on the storage
 * under test, USD house accounts (reserve, fees, losses), a USD fee of 15.00 refunded on a win,
 * no house accounts for EUR, and a payment to dispute.
 */
export async function createSuiteDisputes(
  storage: Storage,
  tenantId: TenantId,
  options: { readonly autoBatch?: DisputeAutoBatchOptions | false } = {},
): Promise<SuiteDisputes> {
  const clock = new FakeClock(DISPUTES_SUITE_START);
  const base = createSuiteLedger(storage, tenantId, { clock });
  const inputs = {
    merchant: accountInput({ name: 'Merchant balance' }),
    merchantEur: accountInput({ name: 'Merchant balance EUR', currency: 'EUR' }),
    settlement: accountInput({ name: 'Acquirer settlement', type: 'asset' }),
    settlementEur: accountInput({
      name: 'Acquirer settlement EUR',
      type: 'asset',
      currency: 'EUR',
    }),
    reserve: accountInput({ name: 'Dispute reserve' }),
    fees: accountInput({ name: 'Dispute fees', type: 'revenue' }),
    losses: accountInput({ name: 'Chargebacks payable' }),
  };
  const created = unwrapOrThrow(await base.ledger.createAccounts(tenantId, Object.values(inputs)));
  if (created.some((result) => result.status !== 'created'))
    throw new Error('suite accounts were not created');
  const accounts = Object.fromEntries(
    Object.entries(inputs).map(([name, input]) => [name, input.id]),
  ) as unknown as SuiteDisputeAccounts;
  const payments = new Map<string, ResolvedPayment>();
  const counts: TransactionCounts = { transactions: 0, attempts: 0 };
  const disputes = createDisputes({
    storage: countingStorage(storage, counts),
    ledger: base.ledger,
    audit: base.audit,
    clock,
    houseAccounts: (currency) =>
      currency === 'USD'
        ? {
            reserveAccountId: accounts.reserve,
            feeAccountId: accounts.fees,
            lossAccountId: accounts.losses,
          }
        : undefined,
    fees: (_network, currency) => ({
      amountMinor: currency === 'USD' ? SUITE_DISPUTE_FEE_MINOR : 0n,
      refundableOnWin: true,
    }),
    resolvePayment: async (provider, reference) => payments.get(`${provider}:${reference}`),
    ...(options.autoBatch === undefined ? {} : { autoBatch: options.autoBatch }),
  });
  const pay = async (amountMinor: bigint) => {
    const id = newTransferId();
    const [result] = unwrapOrThrow(
      await base.ledger.createTransfers(tenantId, [
        transferEvent({
          id,
          debitAccountId: accounts.settlement,
          creditAccountId: accounts.merchant,
          amountMinor,
        }),
      ]),
    );
    if (result?.status !== 'created') throw new Error('the suite payment was not created');
    return id;
  };
  const paymentId = await pay(SUITE_PAYMENT_MINOR);
  payments.set('stripe:ch_suite', { transferId: paymentId, merchantAccountId: accounts.merchant });
  payments.set('adyen:PAYMENT_SUITE', {
    transferId: paymentId,
    merchantAccountId: accounts.merchant,
  });
  // The same payment as the host's records date it, once well and once malformed.
  payments.set('stripe:ch_suite_dated', {
    transferId: paymentId,
    merchantAccountId: accounts.merchant,
    transactionDate: SUITE_HOST_TRANSACTION_DATE,
  });
  payments.set('stripe:ch_suite_bad_date', {
    transferId: paymentId,
    merchantAccountId: accounts.merchant,
    transactionDate: '3 January 2026',
  });
  const allAccounts = async () =>
    unwrapOrThrow(await base.ledger.lookupAccounts(tenantId, Object.values(accounts))).filter(
      (account): account is Account => account !== null,
    );
  const balance = async (accountId: string) => {
    const [account] = unwrapOrThrow(await base.ledger.lookupAccounts(tenantId, [accountId]));
    if (account === null || account === undefined) throw new Error('unknown suite account');
    return account.balances.creditsPosted - account.balances.debitsPosted;
  };
  return {
    ...base,
    clock,
    disputes,
    accounts,
    paymentId,
    payments,
    balance,
    allAccounts,
    pay,
    disputeTransactions: () => counts.transactions,
  };
}
