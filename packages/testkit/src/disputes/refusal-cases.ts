import { typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { accountInput, transferEvent } from '../ledger/ledger-fixtures.js';
import { chargeback, on } from './dispute-commands.js';
import type { DisputesSuiteContext } from './disputes-suite-context.js';
import { SUITE_PAYMENT_MINOR, type SuiteDisputes } from './suite-disputes.js';

/** A 5.00 EUR payment into the suite's EUR merchant balance; no EUR house accounts exist. */
async function payIntoEurMerchant(suite: SuiteDisputes) {
  const id = typeIdGenerator.next('trf');
  unwrapOrThrow(
    await suite.ledger.createTransfers(suite.tenantId, [
      transferEvent({
        id,
        currency: 'EUR',
        debitAccountId: suite.accounts.settlementEur,
        creditAccountId: suite.accounts.merchantEur,
        amountMinor: 500n,
      }),
    ]),
  );
  return id;
}

/** What a refused command must leave behind: no dispute, no summary, no money moved. */
async function expectNothingWritten(suite: SuiteDisputes, disputeId: string) {
  expect(unwrapOrThrow(await suite.disputes.get(suite.tenantId, disputeId))).toBeNull();
  expect(unwrapOrThrow(await suite.disputes.timeline(suite.tenantId, disputeId))).toEqual([]);
  expect(await suite.balance(suite.accounts.merchant)).toBe(SUITE_PAYMENT_MINOR);
  expect(await suite.balance(suite.accounts.reserve)).toBe(0n);
}

/** Every bad input and every forbidden step gets its typed error and changes nothing. */
export function defineRefusalCases(context: DisputesSuiteContext): void {
  it('opens one dispute per provider dispute id, refusing a second with its holder named', async () => {
    const suite = await context.engine();
    const providerReference = { provider: 'stripe', providerDisputeId: 'dp_suite_once' };
    const first = chargeback(suite, {
      providerReference,
      amount: { amountMinor: '100', currency: 'USD' },
    });
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, first));
    const second = chargeback(suite, {
      providerReference,
      amount: { amountMinor: '100', currency: 'USD' },
    });
    const refused = await suite.disputes.execute(suite.tenantId, second);
    expect(refused._unsafeUnwrapErr()).toEqual({
      type: 'dispute.provider_reference_taken',
      provider: 'stripe',
      disputeId: first.disputeId,
    });
    expect(unwrapOrThrow(await suite.disputes.get(suite.tenantId, second.disputeId))).toBeNull();
  });

  it('refuses a dispute on a transfer the ledger does not have', async () => {
    const suite = await context.engine();
    const opened = chargeback(suite, { transferId: typeIdGenerator.next('trf') });
    const refused = await suite.disputes.execute(suite.tenantId, opened);
    expect(refused._unsafeUnwrapErr()).toEqual({
      type: 'dispute.transfer_not_found',
      transferId: opened.transferId,
    });
    await expectNothingWritten(suite, opened.disputeId);
  });

  it('refuses an unknown merchant account, and one in another currency than the dispute', async () => {
    const suite = await context.engine();
    const unknown = chargeback(suite, { merchantAccountId: typeIdGenerator.next('acc') });
    expect(
      (await suite.disputes.execute(suite.tenantId, unknown))._unsafeUnwrapErr(),
    ).toMatchObject({
      type: 'dispute.merchant_account_invalid',
      reason: 'not_found',
    });
    const unpaid = chargeback(suite, { merchantAccountId: suite.accounts.losses });
    expect((await suite.disputes.execute(suite.tenantId, unpaid))._unsafeUnwrapErr()).toMatchObject(
      {
        type: 'dispute.merchant_account_invalid',
        reason: 'not_paid_by_transfer',
      },
    );
    const eurPayment = await payIntoEurMerchant(suite);
    const mismatch = chargeback(suite, {
      transferId: eurPayment,
      merchantAccountId: suite.accounts.merchantEur,
    });
    expect(
      (await suite.disputes.execute(suite.tenantId, mismatch))._unsafeUnwrapErr(),
    ).toMatchObject({
      type: 'dispute.merchant_account_invalid',
      reason: 'currency_mismatch',
    });
    await expectNothingWritten(suite, unknown.disputeId);
    await expectNothingWritten(suite, mismatch.disputeId);
  });

  it('refuses a disputed amount above the transfer’s, but accepts a partial dispute', async () => {
    const suite = await context.engine();
    const tooMuch = chargeback(suite, { amount: { amountMinor: '10001', currency: 'USD' } });
    expect((await suite.disputes.execute(suite.tenantId, tooMuch))._unsafeUnwrapErr()).toEqual({
      type: 'dispute.amount_exceeds_transfer',
      transferId: suite.paymentId,
    });
    await expectNothingWritten(suite, tooMuch.disputeId);
    const partial = chargeback(suite, { amount: { amountMinor: '1', currency: 'USD' } });
    expect(
      unwrapOrThrow(await suite.disputes.execute(suite.tenantId, partial)).dispute?.amount,
    ).toEqual({
      amountMinor: '1',
      currency: 'USD',
    });
  });

  it('refuses a currency without house accounts', async () => {
    const suite = await context.engine();
    const eurPayment = await payIntoEurMerchant(suite);
    const opened = chargeback(suite, {
      transferId: eurPayment,
      merchantAccountId: suite.accounts.merchantEur,
      amount: { amountMinor: '100', currency: 'EUR' },
    });
    expect((await suite.disputes.execute(suite.tenantId, opened))._unsafeUnwrapErr()).toEqual({
      type: 'dispute.house_accounts_missing',
      currency: 'EUR',
    });
    await expectNothingWritten(suite, opened.disputeId);
  });

  it('refuses a forbidden transition with the state and command, writing nothing', async () => {
    const suite = await context.engine();
    const opened = chargeback(suite);
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, opened));
    const before = unwrapOrThrow(await suite.disputes.timeline(suite.tenantId, opened.disputeId));
    const refused = await suite.disputes.execute(
      suite.tenantId,
      on(suite, opened.disputeId, 'record_ruling', { outcome: 'won' }),
    );
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      type: 'dispute.transition_not_allowed',
      from: 'chargeback_needs_response',
    });
    expect(unwrapOrThrow(await suite.disputes.timeline(suite.tenantId, opened.disputeId))).toEqual(
      before,
    );
    const submitEmpty = await suite.disputes.execute(
      suite.tenantId,
      on(suite, opened.disputeId, 'submit_evidence', {}),
    );
    expect(submitEmpty._unsafeUnwrapErr().type).toBe('dispute.no_evidence_staged');
  });

  it('refuses a command on a dispute that does not exist, and malformed input', async () => {
    const suite = await context.engine();
    const missing = suite.disputes.newDisputeId();
    expect(
      (
        await suite.disputes.execute(suite.tenantId, on(suite, missing, 'accept', {}))
      )._unsafeUnwrapErr().type,
    ).toBe('dispute.not_found');
    const malformed = chargeback(suite, { amount: { amountMinor: '-5', currency: 'USD' } });
    expect(
      (await suite.disputes.execute(suite.tenantId, malformed))._unsafeUnwrapErr(),
    ).toMatchObject({ type: 'validation' });
    const badTime = chargeback(suite, { occurredAt: 'yesterday' });
    expect(
      (await suite.disputes.execute(suite.tenantId, badTime))._unsafeUnwrapErr(),
    ).toMatchObject({ type: 'validation', field: 'occurredAt' });
    await expectNothingWritten(suite, malformed.disputeId);
  });

  it('refuses malformed evidence item by item, staging nothing', async () => {
    const suite = await context.engine();
    const opened = chargeback(suite);
    unwrapOrThrow(await suite.disputes.execute(suite.tenantId, opened));
    const items = [
      { kind: 'text', field: 'shipping_tracking_number', text: '1Z999AA10123456784' },
      {
        kind: 'document',
        field: 'receipt',
        reference: 's3://receipts/1.pdf',
        sha256: 'A'.repeat(64),
        sizeBytes: 10,
        mediaType: 'application/pdf',
      },
      {
        kind: 'document',
        field: 'receipt',
        reference: 's3://receipts/2.exe',
        sha256: 'a'.repeat(64),
        sizeBytes: 10,
        mediaType: 'application/x-msdownload',
      },
      { kind: 'text', field: 'not_a_field', text: 'x' },
    ];
    const refused = await suite.disputes.execute(
      suite.tenantId,
      on(suite, opened.disputeId, 'stage_evidence', { items: items as never }),
    );
    const error = refused._unsafeUnwrapErr();
    expect(error).toMatchObject({
      type: 'disputes.evidence_list_invalid',
      reason: 'items_invalid',
    });
    expect('items' in error ? error.items.map((item) => item.index) : []).toEqual([1, 2, 3]);
    expect(
      unwrapOrThrow(await suite.disputes.get(suite.tenantId, opened.disputeId))?.stagedEvidence,
    ).toEqual([]);
  });

  it('rolls the dispute back when the ledger refuses its posting', async () => {
    const suite = await context.engine();
    // A merchant balance that may not go below zero cannot cover the amount plus the fee.
    const strictMerchantId = typeIdGenerator.next('acc');
    const strictMerchant = accountInput({
      id: strictMerchantId,
      name: 'Strict merchant',
      flags: { debitsMustNotExceedCredits: true },
    });
    unwrapOrThrow(await suite.ledger.createAccounts(suite.tenantId, [strictMerchant]));
    const payment = typeIdGenerator.next('trf');
    unwrapOrThrow(
      await suite.ledger.createTransfers(suite.tenantId, [
        transferEvent({
          id: payment,
          debitAccountId: suite.accounts.settlement,
          creditAccountId: strictMerchant.id,
          amountMinor: 5_000n,
        }),
      ]),
    );
    const opened = chargeback(suite, {
      transferId: payment,
      merchantAccountId: strictMerchantId,
      amount: { amountMinor: '5000', currency: 'USD' },
    });
    const refused = await suite.disputes.execute(suite.tenantId, opened);
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      type: 'dispute.posting_failed',
      template: 'dispute.withdrawal',
    });
    expect(unwrapOrThrow(await suite.disputes.get(suite.tenantId, opened.disputeId))).toBeNull();
    expect(unwrapOrThrow(await suite.disputes.timeline(suite.tenantId, opened.disputeId))).toEqual(
      [],
    );
    expect(await suite.balance(suite.accounts.reserve)).toBe(0n);
  });
}
