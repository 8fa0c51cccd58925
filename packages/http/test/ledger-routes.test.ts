import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, problemTextWithoutInstance } from './support/expect-problem.js';
import { selectedBackends } from './support/http-backends.js';
import { type HarnessUser, type HttpHarness, startHttpHarness } from './support/http-harness.js';
import { accountId, balances, transferId, ZERO_BALANCES } from './support/ledger-wire-values.js';

/** The ledger's largest amount: 10^36 - 1 minor units. */
const MONEY_MAX = (10n ** 36n - 1n).toString();

for (const backend of selectedBackends()) {
  describe(backend.name, () => {
    let harness: HttpHarness;
    let operator: HarnessUser;
    let viewer: HarnessUser;
    let auditor: HarnessUser;
    let outsider: HarnessUser;
    let auditedOperator: HarnessUser;
    let withoutRoles: HarnessUser;

    const post = (path: string, body: unknown, user: HarnessUser = operator) =>
      harness.request('POST', path, { token: user.accessToken, body });
    const get = (path: string, user: HarnessUser = operator) =>
      harness.request('GET', path, { token: user.accessToken });

    const accountInput = (overrides: Record<string, unknown> = {}) => ({
      id: accountId(),
      currency: 'USD',
      code: 1,
      name: 'Account',
      type: 'asset',
      ...overrides,
    });
    const createAccount = async (overrides: Record<string, unknown> = {}) => {
      const input = accountInput(overrides);
      const response = await post('/v1/ledger/accounts', input);
      expect(response.status).toBe(201);
      return input.id;
    };
    // A cash (asset) account funding a customer wallet (liability) that cannot go below zero.
    const fundedWallet = async (amountMinor: string) => {
      const cash = await createAccount({ name: 'Cash' });
      const wallet = await createAccount({
        name: 'Wallet',
        type: 'liability',
        flags: { debitsMustNotExceedCredits: true },
      });
      const funding = await post('/v1/ledger/transfers', {
        id: transferId(),
        debitAccountId: cash,
        creditAccountId: wallet,
        amountMinor,
        currency: 'USD',
        code: 1,
      });
      expect(funding.status).toBe(201);
      return { cash, wallet };
    };

    // Identity allows three registrations an hour per address and tenant (the root admin is one),
    // so the auditor and the user without roles live in tenants of their own.
    beforeAll(async () => {
      harness = await startHttpHarness(backend);
      operator = await harness.signUp(['operator'], 'operator');
      viewer = await harness.signUp(['viewer'], 'viewer');
      outsider = await harness.signUpElsewhere('globex', ['operator']);
      auditedOperator = await harness.signUpElsewhere('initech', ['operator']);
      auditor = await harness.signUpElsewhere('initech', ['auditor']);
      withoutRoles = await harness.signUpElsewhere('umbrella', []);
    });
    afterAll(() => harness.close());

    describe('accounts', () => {
      it('creates an account (201), answers a retry 200 exists and a changed name 409', async () => {
        const input = accountInput({
          name: 'Alice wallet',
          type: 'liability',
          owner: { type: 'user', id: 'user-1' },
          metadata: { tier: 'gold', tags: ['a', 1, null] },
          flags: { debitsMustNotExceedCredits: true },
          limits: { ceilingMinor: '500000' },
        });
        const created = await post('/v1/ledger/accounts', input);
        expect(created.status).toBe(201);
        const now = harness.clock.now().toISOString();
        expect(created.body).toEqual({
          id: input.id,
          status: 'created',
          timestamp: expect.stringMatching(/^\d+$/),
          account: {
            id: input.id,
            currency: 'USD',
            code: 1,
            name: 'Alice wallet',
            owner: { type: 'user', id: 'user-1' },
            type: 'liability',
            metadata: { tier: 'gold', tags: ['a', 1, null] },
            flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
            limits: { floorMinor: null, ceilingMinor: '500000' },
            status: 'open',
            balances: ZERO_BALANCES,
            entryCount: 0,
            createdAt: now,
            timestamp: created.body.timestamp,
          },
        });

        const retried = await post('/v1/ledger/accounts', input);
        expect(retried.status).toBe(200);
        expect(retried.body).toEqual({ ...created.body, status: 'exists' });

        const renamed = await post('/v1/ledger/accounts', { ...input, name: 'Bob wallet' });
        expectProblem(renamed, 409, 'ledger.account.exists_with_different_name');
        expect(renamed.body.resultStatus).toBe('exists_with_different_name');
        expect(renamed.text).not.toContain('Bob wallet');
      });

      it('creates an account closed that refuses transfers with 422', async () => {
        const cash = await createAccount({ name: 'Cash' });
        const dormant = accountInput({ name: 'Dormant', flags: { closed: true } });
        const created = await post('/v1/ledger/accounts', dormant);
        expect(created.status).toBe(201);
        expect(created.body.account.status).toBe('closed');
        const refused = await post('/v1/ledger/transfers', {
          id: transferId(),
          debitAccountId: cash,
          creditAccountId: dormant.id,
          amountMinor: '100',
          currency: 'USD',
          code: 1,
        });
        expectProblem(refused, 422, 'ledger.transfer.credit_account_already_closed');
      });

      it('refuses content the ledger rejects with 422 and the ledger code', async () => {
        const blankName = await post('/v1/ledger/accounts', accountInput({ name: '   ' }));
        expectProblem(blankName, 422, 'ledger.account.name_invalid');
        expect(blankName.body.resultStatus).toBe('name_invalid');
        const positiveFloor = await post(
          '/v1/ledger/accounts',
          accountInput({ limits: { floorMinor: '100' } }),
        );
        expectProblem(positiveFloor, 422, 'ledger.account.floor_must_not_be_positive');
        const bothFlags = await post(
          '/v1/ledger/accounts',
          accountInput({
            flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true },
          }),
        );
        expectProblem(bothFlags, 422, 'ledger.account.flags_are_mutually_exclusive');
      });

      it('refuses schema violations with 400', async () => {
        const unknownField = await post('/v1/ledger/accounts', {
          ...accountInput(),
          balance: '100',
        });
        expectProblem(unknownField, 400, 'request.invalid');
        const badId = await post('/v1/ledger/accounts', accountInput({ id: 'acc_nope' }));
        expectProblem(badId, 400, 'request.invalid');
        expect(badId.body.errors).toEqual([{ in: 'json', path: 'id', code: 'invalid_format' }]);
        const numericLimit = await post(
          '/v1/ledger/accounts',
          accountInput({ limits: { floorMinor: -100 } }),
        );
        expectProblem(numericLimit, 400, 'request.invalid');
      });

      it('creates a batch with one result per input, in order', async () => {
        const existing = accountInput();
        expect((await post('/v1/ledger/accounts', existing)).status).toBe(201);
        const fresh = accountInput({ currency: 'EUR' });
        const batch = await post('/v1/ledger/accounts/batch', {
          accounts: [fresh, existing, { ...existing, code: 2 }, accountInput({ currency: 'ZZZ' })],
        });
        expect(batch.status).toBe(200);
        expect(batch.body.results.map((result: { status: string }) => result.status)).toEqual([
          'created',
          'exists',
          'exists_with_different_code',
          'currency_invalid',
        ]);
        expect(batch.body.results[0]).toMatchObject({
          id: fresh.id,
          account: { id: fresh.id, currency: 'EUR', balances: ZERO_BALANCES },
        });
        expect(batch.body.results[3]).toMatchObject({ account: null });
        expectProblem(
          await post('/v1/ledger/accounts/batch', { accounts: [] }),
          400,
          'request.invalid',
        );
      });

      it('reads an account with its balances; unknown and foreign ids are 404', async () => {
        const { wallet } = await fundedWallet('2500');
        const read = await get(`/v1/ledger/accounts/${wallet}`);
        expect(read.status).toBe(200);
        expect(read.body).toMatchObject({
          id: wallet,
          type: 'liability',
          balances: balances({ creditsPosted: '2500' }),
          entryCount: 1,
        });
        const unknown = await get(`/v1/ledger/accounts/${accountId()}`);
        expectProblem(unknown, 404, 'ledger.account_not_found');
        expectProblem(
          await get(`/v1/ledger/accounts/${wallet}`, outsider),
          404,
          'ledger.account_not_found',
        );
        expectProblem(
          await get(`/v1/ledger/accounts/${wallet}/balance`, outsider),
          404,
          'ledger.account_not_found',
        );
        expectProblem(await get('/v1/ledger/accounts/not-an-id'), 400, 'request.invalid');
      });
    });

    describe('transfers', () => {
      it('creates a transfer with the balances after it; a retry is 200, a change 409', async () => {
        const cash = await createAccount({ name: 'Cash' });
        const wallet = await createAccount({ type: 'liability' });
        const input = {
          id: transferId(),
          debitAccountId: cash,
          creditAccountId: wallet,
          amountMinor: '10000',
          currency: 'USD',
          code: 7,
          metadata: { order: 'o-1' },
        };
        const created = await post('/v1/ledger/transfers', input);
        expect(created.status).toBe(201);
        const now = harness.clock.now().toISOString();
        const debitAfter = balances({ debitsPosted: '10000' });
        const creditAfter = balances({ creditsPosted: '10000' });
        expect(created.body).toEqual({
          id: input.id,
          status: 'created',
          timestamp: expect.stringMatching(/^\d+$/),
          transfer: {
            id: input.id,
            debitAccountId: cash,
            creditAccountId: wallet,
            amountMinor: '10000',
            currency: 'USD',
            code: 7,
            metadata: { order: 'o-1' },
            flags: {
              linked: false,
              pending: false,
              postPending: false,
              voidPending: false,
              balancingDebit: false,
              balancingCredit: false,
              closingDebit: false,
              closingCredit: false,
            },
            pendingId: null,
            timeoutMs: null,
            expiresAt: null,
            effectiveAt: now,
            insertedAt: now,
            timestamp: created.body.timestamp,
            pendingStatus: 'none',
          },
          journal: null,
          debitAccount: debitAfter,
          creditAccount: creditAfter,
          accounts: [
            { accountId: cash, balances: debitAfter },
            { accountId: wallet, balances: creditAfter },
          ],
        });

        const retried = await post('/v1/ledger/transfers', input);
        expect(retried.status).toBe(200);
        expect(retried.body).toEqual({ ...created.body, status: 'exists' });

        const changed = await post('/v1/ledger/transfers', { ...input, amountMinor: '10001' });
        expectProblem(changed, 409, 'ledger.transfer.exists_with_different_amount');
        expect(changed.body.resultStatus).toBe('exists_with_different_amount');

        const read = await get(`/v1/ledger/transfers/${input.id}`, viewer);
        expect(read.status).toBe(200);
        expect(read.body).toEqual(created.body.transfer);
        expectProblem(
          await get(`/v1/ledger/transfers/${input.id}`, outsider),
          404,
          'ledger.transfer_not_found',
        );
        expectProblem(
          await get(`/v1/ledger/transfers/${transferId()}`),
          404,
          'ledger.transfer_not_found',
        );
      });

      it('refuses an overdraft with 422 and the ledger code, then burns the id (409)', async () => {
        const { cash, wallet } = await fundedWallet('10000');
        const overdraft = {
          id: transferId(),
          debitAccountId: wallet,
          creditAccountId: cash,
          amountMinor: '10001',
          currency: 'USD',
          code: 1,
        };
        const refused = await post('/v1/ledger/transfers', overdraft);
        expectProblem(refused, 422, 'ledger.transfer.exceeds_credits');
        expect(refused.body.resultStatus).toBe('exceeds_credits');
        expect(problemTextWithoutInstance(refused)).not.toContain('10001');

        const again = await post('/v1/ledger/transfers', { ...overdraft, amountMinor: '100' });
        expectProblem(again, 409, 'ledger.transfer.id_already_failed');
        const balance = await get(`/v1/ledger/accounts/${wallet}/balance`);
        expect(balance.body.balances).toEqual(balances({ creditsPosted: '10000' }));
      });

      it('holds, posts part of and voids pending transfers', async () => {
        const { wallet } = await fundedWallet('10000');
        const merchant = await createAccount({ type: 'liability', name: 'Merchant' });
        const hold = {
          id: transferId(),
          debitAccountId: wallet,
          creditAccountId: merchant,
          amountMinor: '3000',
          currency: 'USD',
          code: 2,
          flags: { pending: true },
          timeoutMs: 60_000,
        };
        const held = await post('/v1/ledger/transfers', hold);
        expect(held.status).toBe(201);
        expect(held.body.transfer).toMatchObject({
          pendingStatus: 'pending',
          timeoutMs: 60_000,
          expiresAt: new Date(harness.clock.now().getTime() + 60_000).toISOString(),
          flags: { pending: true },
        });
        expect(held.body.debitAccount).toEqual(
          balances({ creditsPosted: '10000', debitsPending: '3000' }),
        );
        expect(held.body.creditAccount).toEqual(balances({ creditsPending: '3000' }));

        const postId = transferId();
        const posted = await post(`/v1/ledger/transfers/${hold.id}/post`, {
          id: postId,
          amountMinor: '1000',
        });
        expect(posted.status).toBe(201);
        expect(posted.body.transfer).toMatchObject({
          id: postId,
          pendingId: hold.id,
          amountMinor: '1000',
          debitAccountId: wallet,
          creditAccountId: merchant,
          flags: { postPending: true },
        });
        expect(posted.body.debitAccount).toEqual(
          balances({ creditsPosted: '10000', debitsPosted: '1000' }),
        );
        expect(posted.body.creditAccount).toEqual(balances({ creditsPosted: '1000' }));
        expect((await get(`/v1/ledger/transfers/${hold.id}`)).body.pendingStatus).toBe('posted');
        const replay = await post(`/v1/ledger/transfers/${hold.id}/post`, {
          id: postId,
          amountMinor: '1000',
        });
        expect(replay.status).toBe(200);
        expect(replay.body.status).toBe('exists');

        const secondHold = { ...hold, id: transferId(), amountMinor: '500' };
        expect((await post('/v1/ledger/transfers', secondHold)).status).toBe(201);
        const voided = await post(`/v1/ledger/transfers/${secondHold.id}/void`, {
          id: transferId(),
        });
        expect(voided.status).toBe(201);
        expect(voided.body.transfer).toMatchObject({
          amountMinor: '500',
          flags: { voidPending: true },
        });
        expect(voided.body.debitAccount).toEqual(
          balances({ creditsPosted: '10000', debitsPosted: '1000' }),
        );
        const voidAgain = await post(`/v1/ledger/transfers/${secondHold.id}/void`, {
          id: transferId(),
        });
        expectProblem(voidAgain, 422, 'ledger.transfer.pending_transfer_already_voided');
        const postMissing = await post(`/v1/ledger/transfers/${transferId()}/post`, {
          id: transferId(),
        });
        // The path names the pending transfer: its absence is a 404, as for any named resource.
        expectProblem(postMissing, 404, 'ledger.transfer.pending_transfer_not_found');
        expectProblem(
          await post(`/v1/ledger/transfers/${hold.id}/void`, {
            id: transferId(),
            amountMinor: '1',
          }),
          400,
          'request.invalid',
        );
      });

      it('runs a batch with one result per event', async () => {
        const { cash, wallet } = await fundedWallet('100');
        const event = (amountMinor: string) => ({
          id: transferId(),
          debitAccountId: wallet,
          creditAccountId: cash,
          amountMinor,
          currency: 'USD',
          code: 1,
        });
        const batch = await post('/v1/ledger/transfers/batch', {
          transfers: [
            event('60'),
            event('60'),
            { ...event('10'), flags: { linked: true } },
            event('5'),
          ],
        });
        expect(batch.status).toBe(200);
        expect(batch.body.results.map((result: { status: string }) => result.status)).toEqual([
          'created',
          'exceeds_credits',
          'created',
          'created',
        ]);
        expect(batch.body.results[3].debitAccount).toEqual(
          balances({ creditsPosted: '100', debitsPosted: '75' }),
        );
      });

      it('carries money only as strings: numbers are 400, huge amounts exact or 422, never 500', async () => {
        const cash = await createAccount();
        const other = await createAccount();
        const wallet = await createAccount({ type: 'liability' });
        const transfer = (debit: string, amountMinor: unknown) => ({
          id: transferId(),
          debitAccountId: debit,
          creditAccountId: wallet,
          amountMinor,
          currency: 'USD',
          code: 1,
        });
        const asNumber = await post('/v1/ledger/transfers', transfer(cash, 100));
        expectProblem(asNumber, 400, 'request.invalid');
        expect(asNumber.body.errors).toEqual([
          { in: 'json', path: 'amountMinor', code: 'invalid_type' },
        ]);

        // 20 digits: beyond int64 and a double's exact range, still exact on the wire and in storage.
        const twentyDigits = '98765432109876543210';
        const large = await post('/v1/ledger/transfers', transfer(cash, twentyDigits));
        expect(large.status).toBe(201);
        expect(large.body.transfer.amountMinor).toBe(twentyDigits);
        expect(large.body.creditAccount.creditsPosted).toBe(twentyDigits);
        expect((await get(`/v1/ledger/accounts/${wallet}/balance`)).body.postedMinor).toBe(
          twentyDigits,
        );

        const beyondMaximum = await post(
          '/v1/ledger/transfers',
          transfer(cash, `1${'0'.repeat(36)}`),
        );
        expectProblem(beyondMaximum, 422, 'ledger.transfer.amount_exceeds_maximum');
        const beyondSchema = await post('/v1/ledger/transfers', transfer(cash, '9'.repeat(40)));
        expectProblem(beyondSchema, 400, 'request.invalid');
        const negative = await post('/v1/ledger/transfers', transfer(cash, '-5'));
        expectProblem(negative, 422, 'ledger.transfer.amount_must_not_be_negative');

        // The wallet already holds 20 digits of credits: the maximum on top overflows them.
        const overflow = await post('/v1/ledger/transfers', transfer(other, MONEY_MAX));
        expectProblem(overflow, 422, 'ledger.transfer.overflows_credits_posted');
      });
    });

    describe('journal entries', () => {
      it('creates a multi-leg entry and reads it back', async () => {
        const cash = await createAccount({ name: 'Cash' });
        const merchant = await createAccount({ type: 'liability', name: 'Merchant' });
        const fees = await createAccount({ type: 'revenue', name: 'Fees' });
        const entry = {
          id: transferId(),
          code: 3,
          postings: [
            { accountId: cash, side: 'debit', amountMinor: '1000' },
            { accountId: merchant, side: 'credit', amountMinor: '970' },
            { accountId: fees, side: 'credit', amountMinor: '30' },
          ],
        };
        const created = await post('/v1/ledger/journal-entries', entry);
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
          id: entry.id,
          status: 'created',
          transfer: null,
          debitAccount: null,
          creditAccount: null,
          journal: { id: entry.id, code: 3, postings: entry.postings, pendingStatus: 'none' },
          accounts: [
            { accountId: cash, balances: balances({ debitsPosted: '1000' }) },
            { accountId: merchant, balances: balances({ creditsPosted: '970' }) },
            { accountId: fees, balances: balances({ creditsPosted: '30' }) },
          ],
        });
        const read = await get(`/v1/ledger/journal-entries/${entry.id}`, viewer);
        expect(read.status).toBe(200);
        expect(read.body).toEqual(created.body.journal);
        expectProblem(
          await get(`/v1/ledger/transfers/${entry.id}`),
          404,
          'ledger.transfer_not_found',
        );
        expectProblem(
          await get(`/v1/ledger/journal-entries/${entry.id}`, outsider),
          404,
          'ledger.journal_entry_not_found',
        );

        const unbalanced = await post('/v1/ledger/journal-entries', {
          id: transferId(),
          code: 3,
          postings: [
            { accountId: cash, side: 'debit', amountMinor: '1000' },
            { accountId: merchant, side: 'credit', amountMinor: '999' },
          ],
        });
        expectProblem(unbalanced, 422, 'ledger.transfer.postings_must_balance');

        const hold = { ...entry, id: transferId(), flags: { pending: true } };
        expect((await post('/v1/ledger/journal-entries', hold)).status).toBe(201);
        const posted = await post('/v1/ledger/journal-entries', {
          id: transferId(),
          pendingId: hold.id,
          flags: { postPending: true },
        });
        expect(posted.status).toBe(201);
        expect(posted.body.journal).toMatchObject({ pendingId: hold.id, postings: entry.postings });
        expect(posted.body.accounts[2]).toEqual({
          accountId: fees,
          balances: balances({ creditsPosted: '60' }),
        });
        expect((await get(`/v1/ledger/journal-entries/${hold.id}`)).body.pendingStatus).toBe(
          'posted',
        );
      });
    });

    describe('balances and history', () => {
      it('reads balances now, at a past insertion time and by effective time', async () => {
        const cash = await createAccount();
        const wallet = await createAccount({ type: 'liability' });
        const move = (amountMinor: string, effectiveAt?: string) => ({
          id: transferId(),
          debitAccountId: cash,
          creditAccountId: wallet,
          amountMinor,
          currency: 'USD',
          code: 1,
          ...(effectiveAt === undefined ? {} : { effectiveAt }),
        });
        const start = harness.clock.now();
        expect((await post('/v1/ledger/transfers', move('100'))).status).toBe(201);
        harness.clock.advance(1000);
        const afterFirst = new Date(start.getTime() + 500).toISOString();
        const backdated = new Date(start.getTime() - 3_600_000);
        expect(
          (await post('/v1/ledger/transfers', move('40', backdated.toISOString()))).status,
        ).toBe(201);

        const now = await get(`/v1/ledger/accounts/${wallet}/balance`, viewer);
        expect(now.status).toBe(200);
        expect(now.body).toEqual({
          accountId: wallet,
          currency: 'USD',
          balances: balances({ creditsPosted: '140' }),
          postedMinor: '140',
          availableMinor: '140',
          at: null,
          basis: 'current',
        });
        const thenInserted = await get(`/v1/ledger/accounts/${wallet}/balance?at=${afterFirst}`);
        expect(thenInserted.body).toEqual({
          ...now.body,
          balances: balances({ creditsPosted: '100' }),
          postedMinor: '100',
          availableMinor: '100',
          at: afterFirst,
          basis: 'inserted',
        });
        const beforeStart = new Date(start.getTime() - 60_000).toISOString();
        const effective = await get(
          `/v1/ledger/accounts/${wallet}/balance?at=${beforeStart}&by=effective`,
        );
        expect(effective.body).toMatchObject({
          postedMinor: '40',
          basis: 'effective',
          at: beforeStart,
        });
        const inserted = await get(
          `/v1/ledger/accounts/${wallet}/balance?at=${beforeStart}&by=insertion`,
        );
        expect(inserted.body).toMatchObject({
          postedMinor: '0',
          balances: ZERO_BALANCES,
          basis: 'inserted',
        });
        expectProblem(
          await get(`/v1/ledger/accounts/${wallet}/balance?at=yesterday`),
          400,
          'request.invalid',
        );
        expectProblem(
          await get(`/v1/ledger/accounts/${wallet}/balance?by=wall`),
          400,
          'request.invalid',
        );
      });

      it('pages a statement and the account’s movements with a cursor', async () => {
        const { cash, wallet } = await fundedWallet('1000');
        for (const amountMinor of ['100', '200']) {
          const response = await post('/v1/ledger/transfers', {
            id: transferId(),
            debitAccountId: wallet,
            creditAccountId: cash,
            amountMinor,
            currency: 'USD',
            code: 1,
          });
          expect(response.status).toBe(201);
        }
        const first = await get(`/v1/ledger/accounts/${wallet}/statement?limit=2`, viewer);
        expect(first.status).toBe(200);
        expect(first.body.items).toHaveLength(2);
        expect(first.body.items[0]).toMatchObject({
          entry: {
            accountId: wallet,
            sequence: 1,
            side: 'credit',
            kind: 'posted',
            amountMinor: '1000',
          },
          postedMinor: '1000',
          availableMinor: '1000',
        });
        expect(first.body.items[1]).toMatchObject({
          entry: {
            sequence: 2,
            side: 'debit',
            amountMinor: '100',
            balancesAfter: balances({ creditsPosted: '1000', debitsPosted: '100' }),
          },
          postedMinor: '900',
        });
        expect(first.body.nextCursor).toEqual(expect.any(String));
        const second = await get(
          `/v1/ledger/accounts/${wallet}/statement?limit=2&cursor=${first.body.nextCursor}`,
        );
        expect(
          second.body.items.map((line: { entry: { sequence: number } }) => line.entry.sequence),
        ).toEqual([3]);
        expect(second.body.items[0].postedMinor).toBe('700');
        expect(second.body.nextCursor).toBeNull();

        const movements = await get(`/v1/ledger/accounts/${wallet}/transfers?limit=2`);
        expect(movements.status).toBe(200);
        expect(movements.body.items).toHaveLength(2);
        expect(movements.body.items[0]).toMatchObject({
          kind: 'transfer',
          transfer: { creditAccountId: wallet, amountMinor: '1000' },
        });
        const rest = await get(
          `/v1/ledger/accounts/${wallet}/transfers?cursor=${movements.body.nextCursor}`,
        );
        expect(rest.body.items).toHaveLength(1);
        expect(rest.body.items[0].transfer.amountMinor).toBe('200');
        expect(rest.body.nextCursor).toBeNull();
        expectProblem(
          await get(`/v1/ledger/accounts/${wallet}/statement?limit=0`),
          400,
          'request.invalid',
        );
        expectProblem(
          await get(`/v1/ledger/accounts/${accountId()}/statement`),
          404,
          'ledger.account_not_found',
        );
      });

      it('sums balances per currency, never across currencies', async () => {
        const { cash, wallet } = await fundedWallet('700');
        const euros = await createAccount({ currency: 'EUR' });
        const totals = await get(
          `/v1/ledger/balances?accountIds=${wallet},${cash},${euros}`,
          viewer,
        );
        expect(totals.status).toBe(200);
        expect(totals.body).toEqual({
          totals: [
            { currency: 'EUR', accounts: 1, balances: ZERO_BALANCES },
            {
              currency: 'USD',
              accounts: 2,
              balances: balances({ debitsPosted: '700', creditsPosted: '700' }),
            },
          ],
        });
        expectProblem(
          await get(`/v1/ledger/balances?accountIds=${wallet},${accountId()}`),
          404,
          'ledger.account_not_found',
        );
        expectProblem(
          await get(`/v1/ledger/balances?accountIds=${wallet}`, outsider),
          404,
          'ledger.account_not_found',
        );
        expectProblem(await get('/v1/ledger/balances?accountIds=a,b'), 400, 'request.invalid');
      });
    });

    describe('access', () => {
      it('needs a token, and the permission for each route', async () => {
        const { wallet } = await fundedWallet('10');
        const anonymous = await harness.request('GET', `/v1/ledger/accounts/${wallet}/balance`);
        expectProblem(anonymous, 401, 'auth.token_missing');
        const anonymousPost = await harness.request('POST', '/v1/ledger/accounts', {
          body: accountInput(),
        });
        expectProblem(anonymousPost, 401, 'auth.token_missing');

        const audited = accountInput();
        expect((await post('/v1/ledger/accounts', audited, auditedOperator)).status).toBe(201);
        for (const [reader, account] of [
          [viewer, wallet],
          [auditor, audited.id],
        ] as const) {
          expect((await get(`/v1/ledger/accounts/${account}`, reader)).status).toBe(200);
          expect((await get(`/v1/ledger/accounts/${account}/balance`, reader)).status).toBe(200);
          expect((await get(`/v1/ledger/accounts/${account}/statement`, reader)).status).toBe(200);
          const create = await post('/v1/ledger/accounts', accountInput(), reader);
          expectProblem(create, 403, 'auth.permission_denied');
          expect(create.body.permission).toBe('ledger.account.create');
          const transfer = await post(
            '/v1/ledger/transfers',
            {
              id: transferId(),
              debitAccountId: wallet,
              creditAccountId: accountId(),
              amountMinor: '1',
              currency: 'USD',
              code: 1,
            },
            reader,
          );
          expectProblem(transfer, 403, 'auth.permission_denied');
          expect(transfer.body.permission).toBe('ledger.transfer.create');
        }
        const unpermitted = await get(`/v1/ledger/accounts/${accountId()}/balance`, withoutRoles);
        expectProblem(unpermitted, 403, 'auth.permission_denied');
        expect(unpermitted.body.permission).toBe('ledger.read');
      });

      it('documents every ledger route in the OpenAPI document', async () => {
        const document = await harness.request('GET', '/v1/openapi.json');
        expect(document.status).toBe(200);
        const paths = Object.keys(document.body.paths).filter((path) =>
          path.startsWith('/v1/ledger/'),
        );
        expect(paths.sort()).toEqual([
          '/v1/ledger/accounts',
          '/v1/ledger/accounts/batch',
          '/v1/ledger/accounts/{accountId}',
          '/v1/ledger/accounts/{accountId}/balance',
          '/v1/ledger/accounts/{accountId}/statement',
          '/v1/ledger/accounts/{accountId}/transfers',
          '/v1/ledger/balances',
          '/v1/ledger/journal-entries',
          '/v1/ledger/journal-entries/{journalEntryId}',
          '/v1/ledger/templates',
          '/v1/ledger/templates/{name}/apply',
          '/v1/ledger/transfers',
          '/v1/ledger/transfers/batch',
          '/v1/ledger/transfers/{pendingId}/post',
          '/v1/ledger/transfers/{pendingId}/void',
          '/v1/ledger/transfers/{transferId}',
        ]);
      });
    });
  });
}
