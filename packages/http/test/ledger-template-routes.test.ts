import { AssertionFailure, unwrapOrThrow } from '@strongroom/kernel';
import { definePostingTemplate } from '@strongroom/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApi } from '../src/create-http-api.js';
import { expectProblem, problemTextWithoutInstance } from './support/expect-problem.js';
import { selectedBackends } from './support/http-backends.js';
import { type HarnessUser, type HttpHarness, startHttpHarness } from './support/http-harness.js';
import { accountId, balances, transferId, ZERO_BALANCES } from './support/ledger-wire-values.js';

const APPLY = '/v1/ledger/templates/card.capture/apply';

/** A card capture: the clearing account pays the merchant the amount less the fee, the fee to fees. */
const CARD_CAPTURE = unwrapOrThrow(
  definePostingTemplate({
    name: 'card.capture',
    code: 10,
    parameters: {
      clearing: 'account',
      merchant: 'account',
      fees: 'account',
      amount: 'amount',
      fee: 'amount',
    },
    legs: [
      { account: 'clearing', side: 'debit', amount: 'amount' },
      { account: 'merchant', side: 'credit', amount: 'amount - fee' },
      { account: 'fees', side: 'credit', amount: 'fee' },
    ],
  }),
);

for (const backend of selectedBackends()) {
  describe(backend.name, () => {
    let harness: HttpHarness;
    let operator: HarnessUser;
    let viewer: HarnessUser;
    let outsider: HarnessUser;
    let withoutRoles: HarnessUser;

    const post = (path: string, body: unknown, user: HarnessUser = operator) =>
      harness.request('POST', path, { token: user.accessToken, body });
    const get = (path: string, user: HarnessUser = operator) =>
      harness.request('GET', path, { token: user.accessToken });

    const createAccount = async (name: string, type: string) => {
      const id = accountId();
      const response = await post('/v1/ledger/accounts', {
        id,
        currency: 'USD',
        code: 1,
        name,
        type,
      });
      expect(response.status).toBe(201);
      return id;
    };
    // A clearing (asset), a merchant (liability) and a fee revenue account.
    const captureAccounts = async () => ({
      clearing: await createAccount('Clearing', 'asset'),
      merchant: await createAccount('Merchant', 'liability'),
      fees: await createAccount('Fees', 'revenue'),
    });

    // Identity allows three registrations an hour per address and tenant (the root admin is one).
    beforeAll(async () => {
      harness = await startHttpHarness(backend, { postingTemplates: [CARD_CAPTURE] });
      operator = await harness.signUp(['operator'], 'operator');
      viewer = await harness.signUp(['viewer'], 'viewer');
      outsider = await harness.signUpElsewhere('globex', ['operator']);
      withoutRoles = await harness.signUpElsewhere('umbrella', []);
    });
    afterAll(() => harness.close());

    it('lists the host’s templates with their parameters', async () => {
      const listed = await get('/v1/ledger/templates', viewer);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({
        templates: [
          {
            name: 'card.capture',
            code: 10,
            parameters: {
              clearing: 'account',
              merchant: 'account',
              fees: 'account',
              amount: 'amount',
              fee: 'amount',
            },
          },
        ],
      });
    });

    it('applies a template as a journal entry, answers a retry 200 exists and other values 409', async () => {
      const accounts = await captureAccounts();
      const application = {
        id: transferId(),
        values: { ...accounts, amount: '1000', fee: '30' },
        metadata: { orderId: 'order-1', template: 'overwritten' },
      };
      const applied = await post(APPLY, application);
      expect(applied.status).toBe(201);
      const postings = [
        { accountId: accounts.clearing, side: 'debit', amountMinor: '1000' },
        { accountId: accounts.merchant, side: 'credit', amountMinor: '970' },
        { accountId: accounts.fees, side: 'credit', amountMinor: '30' },
      ];
      expect(applied.body).toMatchObject({
        id: application.id,
        status: 'created',
        transfer: null,
        debitAccount: null,
        creditAccount: null,
        journal: {
          id: application.id,
          code: 10,
          postings,
          metadata: { orderId: 'order-1', template: 'card.capture' },
          flags: { linked: false, pending: false, postPending: false, voidPending: false },
          pendingId: null,
          pendingStatus: 'none',
        },
      });
      expect(applied.body.accounts).toEqual([
        { accountId: accounts.clearing, balances: balances({ debitsPosted: '1000' }) },
        { accountId: accounts.merchant, balances: balances({ creditsPosted: '970' }) },
        { accountId: accounts.fees, balances: balances({ creditsPosted: '30' }) },
      ]);
      const read = await get(`/v1/ledger/journal-entries/${application.id}`, viewer);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(applied.body.journal);
      const merchant = await get(`/v1/ledger/accounts/${accounts.merchant}/balance`);
      expect(merchant.body).toMatchObject({
        balances: balances({ creditsPosted: '970' }),
        postedMinor: '970',
      });

      const retried = await post(APPLY, application);
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual({ ...applied.body, status: 'exists' });

      const otherFee = await post(APPLY, {
        ...application,
        values: { ...application.values, fee: '40' },
      });
      expectProblem(otherFee, 409, 'ledger.transfer.exists_with_different_postings');
      expect(otherFee.body.resultStatus).toBe('exists_with_different_postings');

      // A zero fee leaves its leg out: the entry has two postings.
      const withoutFee = await post(APPLY, {
        id: transferId(),
        values: { ...accounts, amount: '500', fee: '0' },
      });
      expect(withoutFee.status).toBe(201);
      expect(withoutFee.body.journal.postings).toEqual([
        { accountId: accounts.clearing, side: 'debit', amountMinor: '500' },
        { accountId: accounts.merchant, side: 'credit', amountMinor: '500' },
      ]);
      expect(withoutFee.body.accounts[1]).toEqual({
        accountId: accounts.merchant,
        balances: balances({ creditsPosted: '1470' }),
      });
    });

    it('holds a pending application, then posts it through the journal-entry route', async () => {
      const accounts = await captureAccounts();
      const hold = {
        id: transferId(),
        values: { ...accounts, amount: '2000', fee: '60' },
        flags: { pending: true },
        timeoutMs: 60_000,
      };
      const held = await post(APPLY, hold);
      expect(held.status).toBe(201);
      expect(held.body.journal).toMatchObject({
        flags: { pending: true },
        timeoutMs: 60_000,
        pendingStatus: 'pending',
      });
      expect(held.body.accounts).toEqual([
        { accountId: accounts.clearing, balances: balances({ debitsPending: '2000' }) },
        { accountId: accounts.merchant, balances: balances({ creditsPending: '1940' }) },
        { accountId: accounts.fees, balances: balances({ creditsPending: '60' }) },
      ]);

      const posted = await post('/v1/ledger/journal-entries', {
        id: transferId(),
        pendingId: hold.id,
        flags: { postPending: true },
      });
      expect(posted.status).toBe(201);
      expect(posted.body.accounts).toEqual([
        { accountId: accounts.clearing, balances: balances({ debitsPosted: '2000' }) },
        { accountId: accounts.merchant, balances: balances({ creditsPosted: '1940' }) },
        { accountId: accounts.fees, balances: balances({ creditsPosted: '60' }) },
      ]);
      expect((await get(`/v1/ledger/journal-entries/${hold.id}`)).body.pendingStatus).toBe(
        'posted',
      );
    });

    it('refuses an unknown template with 404 and bad values with 422 and the reason', async () => {
      const accounts = await captureAccounts();
      const values = { ...accounts, amount: '1000', fee: '30' };
      const apply = (overrides: Record<string, unknown>) =>
        post(APPLY, { id: transferId(), values, ...overrides });

      expectProblem(
        await post('/v1/ledger/templates/card.refund/apply', { id: transferId(), values }),
        404,
        'ledger.template_not_found',
      );

      const { fee: _fee, ...withoutFee } = values;
      const missing = await apply({ values: withoutFee });
      expectProblem(missing, 422, 'ledger.template_application');
      expect(missing.body).toMatchObject({ reason: 'value_missing', detail: 'fee' });

      const unexpected = await apply({ values: { ...values, tip: '5' } });
      expectProblem(unexpected, 422, 'ledger.template_application');
      expect(unexpected.body).toMatchObject({ reason: 'value_unexpected', detail: 'tip' });

      for (const [parameter, value] of [
        ['amount', '12.50'],
        ['amount', '-1000'],
        ['merchant', 'merchant-account'],
        ['fees', '30'],
      ] as const) {
        const invalid = await apply({ values: { ...values, [parameter]: value } });
        expectProblem(invalid, 422, 'ledger.template_application');
        expect(invalid.body).toMatchObject({ reason: 'value_invalid', detail: parameter });
        expect(problemTextWithoutInstance(invalid)).not.toContain(value);
      }

      const negativeLeg = await apply({ values: { ...values, fee: '1001' } });
      expectProblem(negativeLeg, 422, 'ledger.template_application');
      expect(negativeLeg.body).toMatchObject({ reason: 'leg_amount_negative', detail: 'legs[1]' });

      const sameAccount = await apply({ values: { ...values, fees: accounts.merchant } });
      expectProblem(sameAccount, 422, 'ledger.template_application');
      expect(sameAccount.body).toMatchObject({ reason: 'duplicate_account' });

      // Valid values the ledger refuses answer as the journal-entry route does.
      const unknownAccount = await apply({ values: { ...values, merchant: accountId() } });
      expectProblem(unknownAccount, 422, 'ledger.transfer.credit_account_not_found');
    });

    it('refuses schema violations with 400', async () => {
      const accounts = await captureAccounts();
      const values = { ...accounts, amount: '1000', fee: '30' };
      const numeric = await post(APPLY, { id: transferId(), values: { ...values, amount: 1000 } });
      expectProblem(numeric, 400, 'request.invalid');
      expect(numeric.body.errors).toEqual([
        { in: 'json', path: 'values.amount', code: 'invalid_type' },
      ]);
      const unknownField = await post(APPLY, { id: transferId(), values, code: 11 });
      expectProblem(unknownField, 400, 'request.invalid');
      const otherFlag = await post(APPLY, {
        id: transferId(),
        values,
        flags: { postPending: true },
      });
      expectProblem(otherFlag, 400, 'request.invalid');
      const tooMany = await post(APPLY, {
        id: transferId(),
        values: Object.fromEntries(
          Array.from({ length: 33 }, (_, index) => [`value${index}`, '1']),
        ),
      });
      expectProblem(tooMany, 400, 'request.invalid');
      expectProblem(await post(APPLY, { id: 'trf_nope', values }), 400, 'request.invalid');
    });

    it('keeps other tenants out and checks permissions', async () => {
      const accounts = await captureAccounts();
      const application = { id: transferId(), values: { ...accounts, amount: '10', fee: '1' } };

      const noToken = await harness.request('POST', APPLY, { body: application });
      expectProblem(noToken, 401, 'auth.token_missing');
      expectProblem(
        await harness.request('GET', '/v1/ledger/templates'),
        401,
        'auth.token_missing',
      );

      const asViewer = await post(APPLY, application, viewer);
      expectProblem(asViewer, 403, 'auth.permission_denied');
      expect(asViewer.body.permission).toBe('ledger.transfer.create');
      const unpermitted = await get('/v1/ledger/templates', withoutRoles);
      expectProblem(unpermitted, 403, 'auth.permission_denied');
      expect(unpermitted.body.permission).toBe('ledger.read');

      // The template is the host's; the accounts are this tenant's, so another tenant finds none.
      const elsewhere = await post(APPLY, application, outsider);
      expectProblem(elsewhere, 422, 'ledger.transfer.debit_account_not_found');
      expect((await get(`/v1/ledger/accounts/${accounts.clearing}/balance`)).body.balances).toEqual(
        ZERO_BALANCES,
      );
    });

    it('refuses two templates under one name when the API is created', () => {
      expect(() =>
        createHttpApi(harness.strongroom, {
          publicTenant: harness.tenantId,
          postingTemplates: [CARD_CAPTURE, CARD_CAPTURE],
        }),
      ).toThrow(AssertionFailure);
    });
  });
}
