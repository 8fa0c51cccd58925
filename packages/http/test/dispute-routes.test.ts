import { evidenceChecklist, lookupReasonCode } from '@strongroom/disputes';
import { type Id, typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem.js';
import { selectedBackends } from './support/http-backends.js';
import { type HarnessUser, type HttpHarness, startHttpHarness } from './support/http-harness.js';

const DAY_MS = 86_400_000;
const FEE_MINOR = 1_500n;
const PAYMENT_MINOR = 10_000n;

const TRACKING_NUMBER = {
  kind: 'text',
  field: 'shipping_tracking_number',
  text: '1Z999AA10123456784',
} as const;
const RECEIPT = {
  kind: 'document',
  field: 'receipt',
  reference: 's3://evidence/receipt-1.pdf',
  sha256: 'a'.repeat(64),
  sizeBytes: 52_000,
  mediaType: 'application/pdf',
} as const;

// The last second (UTC) of the day `days` calendar days after `from`: how network windows end.
function endOfDayAfter(from: Date, days: number): string {
  return `${new Date(from.getTime() + days * DAY_MS).toISOString().slice(0, 10)}T23:59:59.000Z`;
}

// A Visa 13.1 chargeback of a whole payment, as the operator's dashboard would send it.
function chargebackBody(
  paid: { merchantAccountId: string; transferId: string },
  extra: Record<string, unknown> = {},
) {
  return {
    kind: 'chargeback',
    ...paid,
    network: 'visa',
    reasonCode: '13.1',
    amountMinor: '10000',
    currency: 'USD',
    transactionDate: '2026-01-10',
    withdrawsFunds: true,
    ...extra,
  };
}

// A Stripe dispute event as Stripe sends it (the fields the mapping reads), for a charge.
function stripeEvent(eventId: string, type: string, chargeId: string, nowSeconds: number) {
  return {
    id: eventId,
    object: 'event',
    type,
    created: nowSeconds,
    data: {
      object: {
        id: `dp_http_${chargeId}`,
        object: 'dispute',
        amount: 10_000,
        currency: 'usd',
        charge: chargeId,
        created: nowSeconds,
        status: 'needs_response',
        reason: 'product_not_received',
        evidence_details: {
          due_by: nowSeconds + 10 * 86_400,
          past_due: false,
          submission_count: 0,
        },
        payment_method_details: {
          type: 'card',
          card: { brand: 'visa', network_reason_code: '13.1' },
        },
        balance_transactions:
          type === 'charge.dispute.funds_withdrawn' ? [{ reporting_category: 'dispute' }] : [],
      },
    },
  };
}

// An Adyen CHARGEBACK notification item (it comes with the debit) for the payment PAYMENT_HTTP_0001.
function adyenChargeback(now: Date) {
  return {
    additionalData: {
      chargebackReasonCode: '13.1',
      chargebackSchemeCode: 'visa',
      defensePeriodEndsAt: new Date(now.getTime() + 20 * DAY_MS).toISOString(),
      defendable: 'true',
    },
    amount: { currency: 'USD', value: 5_000 },
    eventCode: 'CHARGEBACK',
    eventDate: now.toISOString(),
    merchantAccountCode: 'StrongroomShopECOM',
    merchantReference: 'order-http-0001',
    originalReference: 'PAYMENT_HTTP_0001',
    paymentMethod: 'visa',
    pspReference: 'DISPUTE_HTTP_0001',
    reason: 'Merchandise/Services Not Received',
    success: 'true',
  };
}

for (const backend of selectedBackends()) {
  describe(`dispute routes on ${backend.name}`, () => {
    let harness: HttpHarness;
    let operator: HarnessUser;
    let viewer: HarnessUser;
    let stranger: HarnessUser;
    const payments = new Map<string, { merchantAccountId: Id<'acc'>; transferId: Id<'trf'> }>();
    const house = {
      settlement: typeIdGenerator.next('acc'),
      reserve: typeIdGenerator.next('acc'),
      fees: typeIdGenerator.next('acc'),
      losses: typeIdGenerator.next('acc'),
    };

    // A merchant account of its own with one captured USD payment, so balances are exact per case.
    async function payment(): Promise<{ merchantAccountId: Id<'acc'>; transferId: Id<'trf'> }> {
      const merchantAccountId = typeIdGenerator.next('acc');
      const transferId = typeIdGenerator.next('trf');
      const ledger = harness.strongroom.ledger;
      const [account] = unwrapOrThrow(
        await ledger.createAccounts(harness.tenantId, [
          {
            id: merchantAccountId,
            currency: 'USD',
            code: 1,
            name: 'Merchant balance',
            type: 'liability',
          },
        ]),
      );
      expect(account?.status).toBe('created');
      const [transfer] = unwrapOrThrow(
        await ledger.createTransfers(harness.tenantId, [
          {
            kind: 'transfer',
            transfer: {
              id: transferId,
              debitAccountId: house.settlement,
              creditAccountId: merchantAccountId,
              amountMinor: PAYMENT_MINOR,
              currency: 'USD',
              code: 1,
            },
          },
        ]),
      );
      expect(transfer?.status).toBe('created');
      return { merchantAccountId, transferId };
    }

    async function posted(accountId: string): Promise<bigint> {
      return unwrapOrThrow(await harness.strongroom.ledger.balance(harness.tenantId, accountId))
        .postedMinor;
    }

    async function openChargeback(
      extra: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) {
      const paid = await payment();
      const body = chargebackBody(paid, extra);
      const response = await harness.request('POST', '/v1/disputes', {
        token: operator.accessToken,
        headers,
        body,
      });
      return { ...paid, body, response };
    }

    beforeAll(async () => {
      harness = await startHttpHarness(
        backend,
        {},
        {
          houseAccounts: (currency) =>
            currency === 'USD'
              ? {
                  reserveAccountId: house.reserve,
                  feeAccountId: house.fees,
                  lossAccountId: house.losses,
                }
              : undefined,
          fees: (_network, currency) => ({
            amountMinor: currency === 'USD' ? FEE_MINOR : 0n,
            refundableOnWin: true,
          }),
          resolvePayment: async (provider, reference) => payments.get(`${provider}:${reference}`),
        },
      );
      const created = unwrapOrThrow(
        await harness.strongroom.ledger.createAccounts(harness.tenantId, [
          {
            id: house.settlement,
            currency: 'USD',
            code: 1,
            name: 'Acquirer settlement',
            type: 'asset',
          },
          {
            id: house.reserve,
            currency: 'USD',
            code: 1,
            name: 'Dispute reserve',
            type: 'liability',
          },
          { id: house.fees, currency: 'USD', code: 1, name: 'Dispute fees', type: 'revenue' },
          {
            id: house.losses,
            currency: 'USD',
            code: 1,
            name: 'Chargebacks payable',
            type: 'liability',
          },
        ]),
      );
      expect(created.map((result) => result.status)).toEqual([
        'created',
        'created',
        'created',
        'created',
      ]);
      operator = await harness.signUp(['operator'], 'operator');
      viewer = await harness.signUp(['viewer'], 'viewer');
      stranger = await harness.signUpElsewhere('globex', ['operator']);
    });
    afterAll(() => harness.close());

    it('opens a chargeback, stages and submits evidence, each step on the timeline with the caller’s ids', async () => {
      const now = harness.clock.now();
      const opened = await openChargeback(
        {},
        { 'x-request-id': 'req-open-0001', 'x-correlation-id': 'case-0042-abc' },
      );
      expect(opened.response.status).toBe(201);
      const disputeId: string = opened.response.body.disputeId;
      expect(disputeId).toMatch(/^dsp_[0-7][0-9a-hjkmnp-tv-z]{25}$/);
      expect(opened.response.headers.get('location')).toBe(`/v1/disputes/${disputeId}`);
      expect(opened.response.body).toEqual({
        disputeId,
        transferId: opened.transferId,
        merchantAccountId: opened.merchantAccountId,
        network: 'visa',
        reasonCode: '13.1',
        amount: { amountMinor: '10000', currency: 'USD' },
        transactionDate: '2026-01-10',
        providerReference: null,
        status: 'chargeback_needs_response',
        lostReason: null,
        stage: 'chargeback',
        deadline: { kind: 'due', dueAt: endOfDayAfter(now, 30), source: 'network' },
        stagedEvidence: [],
        submissionCount: 0,
        evidenceSubmittedInStage: false,
        fundsWithdrawn: true,
        openedAt: now.toISOString(),
        updatedAt: now.toISOString(),
      });
      // The withdrawal moved the disputed amount and the network fee off the merchant's balance.
      expect(await posted(opened.merchantAccountId)).toBe(
        PAYMENT_MINOR - PAYMENT_MINOR - FEE_MINOR,
      );

      const ids = { 'x-correlation-id': 'case-0042-abc' };
      const staged = await harness.request('POST', `/v1/disputes/${disputeId}/evidence`, {
        token: operator.accessToken,
        headers: { ...ids, 'x-request-id': 'req-stage-0002' },
        body: { items: [TRACKING_NUMBER, RECEIPT] },
      });
      expect(staged.status).toBe(200);
      expect(staged.body.stagedEvidence).toEqual([TRACKING_NUMBER, RECEIPT]);
      expect(staged.body.status).toBe('chargeback_needs_response');

      const checklist = await harness.request('GET', `/v1/disputes/${disputeId}/checklist`, {
        token: viewer.accessToken,
      });
      expect(checklist.status).toBe(200);
      const entry = unwrapOrThrow(lookupReasonCode('visa', '13.1')).entry;
      expect(checklist.body).toEqual(
        JSON.parse(JSON.stringify(evidenceChecklist(entry, [TRACKING_NUMBER, RECEIPT]))),
      );

      const submitted = await harness.request('POST', `/v1/disputes/${disputeId}/submit`, {
        token: operator.accessToken,
        headers: { ...ids, 'x-request-id': 'req-submit-0003' },
        body: {},
      });
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({
        status: 'chargeback_under_review',
        stagedEvidence: [],
        submissionCount: 1,
        evidenceSubmittedInStage: true,
        fundsWithdrawn: true,
      });

      const timeline = await harness.request('GET', `/v1/disputes/${disputeId}/timeline`, {
        token: viewer.accessToken,
      });
      expect(timeline.status).toBe(200);
      expect(timeline.body.nextFromVersion).toBeNull();
      expect(
        timeline.body.items.map(
          (item: { version: number; type: string; actor: string; source: unknown }) => [
            item.version,
            item.type,
            item.actor,
            item.source,
          ],
        ),
      ).toEqual(
        [
          'dispute.chargeback_opened',
          'dispute.funds_withdrawn',
          'dispute.evidence_staged',
          'dispute.evidence_submitted',
        ].map((type, index) => [index + 1, type, `user:${operator.userId}`, { kind: 'merchant' }]),
      );
      expect(timeline.body.items[3].payload).toMatchObject({
        from: 'chargeback_needs_response',
        to: 'chargeback_under_review',
        items: [TRACKING_NUMBER, RECEIPT],
      });
      expect(timeline.body.items[0].recordedAt).toBe(now.toISOString());
      const page = await harness.request(
        'GET',
        `/v1/disputes/${disputeId}/timeline?fromVersion=2&limit=2`,
        {
          token: viewer.accessToken,
        },
      );
      expect(page.body.items.map((item: { version: number }) => item.version)).toEqual([2, 3]);
      expect(page.body.nextFromVersion).toBe(4);

      // Each step names the request that caused it and the chain it belongs to.
      expect(
        timeline.body.items.map((item: { requestId: string; correlationId: string }) => [
          item.requestId,
          item.correlationId,
        ]),
      ).toEqual([
        ['req-open-0001', 'case-0042-abc'],
        ['req-open-0001', 'case-0042-abc'],
        ['req-stage-0002', 'case-0042-abc'],
        ['req-submit-0003', 'case-0042-abc'],
      ]);

      // A response is given once per stage, and a submitted chargeback can no longer be accepted.
      const again = await harness.request('POST', `/v1/disputes/${disputeId}/submit`, {
        token: operator.accessToken,
        body: {},
      });
      expectProblem(again, 409, 'dispute.evidence_already_submitted');
      expect(again.body.stage).toBe('chargeback');
      const accepted = await harness.request('POST', `/v1/disputes/${disputeId}/accept`, {
        token: operator.accessToken,
        body: {},
      });
      expectProblem(accepted, 409, 'dispute.transition_not_allowed');
      expect(accepted.body).toMatchObject({ from: 'chargeback_under_review', command: 'accept' });
    });

    it('accepts an open chargeback as lost, writing the withdrawn funds off', async () => {
      const opened = await openChargeback();
      const disputeId: string = opened.response.body.disputeId;
      const lossesBefore = await posted(house.losses);
      const accepted = await harness.request('POST', `/v1/disputes/${disputeId}/accept`, {
        token: operator.accessToken,
        body: {},
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({
        disputeId,
        status: 'lost',
        lostReason: 'accepted',
        fundsWithdrawn: true,
      });
      expect(await posted(house.losses)).toBe(lossesBefore + PAYMENT_MINOR);
      expect(await posted(opened.merchantAccountId)).toBe(-FEE_MINOR);
      const read = await harness.request('GET', `/v1/disputes/${disputeId}`, {
        token: viewer.accessToken,
      });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(accepted.body);
    });

    it('replays an opening sent twice under one Idempotency-Key, withdrawing the funds once', async () => {
      const headers = { 'idempotency-key': `open-${crypto.randomUUID()}` };
      const first = await openChargeback({}, headers);
      expect(first.response.status).toBe(201);
      const replayed = await harness.request('POST', '/v1/disputes', {
        token: operator.accessToken,
        headers,
        body: first.body,
      });
      expect(replayed.status).toBe(201);
      expect(replayed.headers.get('idempotency-replayed')).toBe('true');
      expect(replayed.body).toEqual(first.response.body);
      const listed = await harness.request(
        'GET',
        `/v1/disputes?merchantAccountId=${first.merchantAccountId}`,
        {
          token: viewer.accessToken,
        },
      );
      expect(listed.body.items).toHaveLength(1);
      expect(await posted(first.merchantAccountId)).toBe(-FEE_MINOR);
    });

    it('opens an inquiry without moving money, under a client-chosen id', async () => {
      const paid = await payment();
      const disputeId = typeIdGenerator.next('dsp');
      const inquiry = {
        kind: 'inquiry',
        id: disputeId,
        ...paid,
        network: 'mastercard',
        reasonCode: '4853',
        amountMinor: '2500',
        currency: 'USD',
        transactionDate: '2026-01-05',
        providerReference: { provider: 'acquirer', providerDisputeId: 'RR-1001' },
      };
      const opened = await harness.request('POST', '/v1/disputes', {
        token: operator.accessToken,
        body: inquiry,
      });
      expect(opened.status).toBe(201);
      expect(opened.body).toMatchObject({
        disputeId,
        status: 'inquiry_needs_response',
        stage: 'inquiry',
        fundsWithdrawn: false,
        amount: { amountMinor: '2500', currency: 'USD' },
        providerReference: { provider: 'acquirer', providerDisputeId: 'RR-1001' },
      });
      expect(await posted(paid.merchantAccountId)).toBe(PAYMENT_MINOR);
      const again = await harness.request('POST', '/v1/disputes', {
        token: operator.accessToken,
        body: inquiry,
      });
      expectProblem(again, 409, 'dispute.already_exists');
      // Two requests racing to open the same dispute (without the reference the first inquiry
      // holds): one opens it, the other conflicts.
      const { providerReference: _reference, ...unreferenced } = inquiry;
      const raced = typeIdGenerator.next('dsp');
      const statuses = await Promise.all(
        [1, 2].map(() =>
          harness.request('POST', '/v1/disputes', {
            token: operator.accessToken,
            body: { ...unreferenced, id: raced },
          }),
        ),
      );
      expect(statuses.map((response) => response.status).sort()).toEqual([201, 409]);
    });

    it('lists disputes by merchant and by status, paging with the cursor', async () => {
      const first = await openChargeback();
      const merchantAccountId = first.merchantAccountId;
      // Two more disputes of the same merchant on smaller parts of the same payment.
      for (const amountMinor of ['100', '200']) {
        const more = await harness.request('POST', '/v1/disputes', {
          token: operator.accessToken,
          body: {
            kind: 'chargeback',
            transferId: first.transferId,
            merchantAccountId,
            network: 'visa',
            reasonCode: '10.4',
            amountMinor,
            currency: 'USD',
            transactionDate: '2026-01-10',
            withdrawsFunds: false,
          },
        });
        expect(more.status).toBe(201);
      }
      const one = await harness.request(
        'GET',
        `/v1/disputes?merchantAccountId=${merchantAccountId}&limit=2`,
        {
          token: viewer.accessToken,
        },
      );
      expect(one.status).toBe(200);
      expect(one.body.items).toHaveLength(2);
      expect(one.body.next).toEqual(expect.any(String));
      const two = await harness.request(
        'GET',
        `/v1/disputes?merchantAccountId=${merchantAccountId}&limit=2&cursor=${one.body.next}`,
        { token: viewer.accessToken },
      );
      expect(two.body.items).toHaveLength(1);
      expect(two.body.next).toBeNull();
      const amounts = [...one.body.items, ...two.body.items]
        .map((item) => item.amount.amountMinor)
        .sort();
      expect(amounts).toEqual(['100', '10000', '200']);

      const accepted = await harness.request(
        'POST',
        `/v1/disputes/${first.response.body.disputeId}/accept`,
        {
          token: operator.accessToken,
          body: {},
        },
      );
      expect(accepted.status).toBe(200);
      const lost = await harness.request('GET', '/v1/disputes?status=lost&limit=100', {
        token: viewer.accessToken,
      });
      expect(lost.body.items.map((item: { disputeId: string }) => item.disputeId)).toContain(
        first.response.body.disputeId,
      );
      expect(lost.body.items.every((item: { status: string }) => item.status === 'lost')).toBe(
        true,
      );

      // A cursor belongs to its query; exactly one filter is asked for.
      const foreign = await harness.request(
        'GET',
        `/v1/disputes?status=lost&cursor=${one.body.next}`,
        {
          token: viewer.accessToken,
        },
      );
      expectProblem(foreign, 422, 'validation');
      expectProblem(
        await harness.request('GET', '/v1/disputes', { token: viewer.accessToken }),
        400,
        'request.invalid',
      );
      expectProblem(
        await harness.request(
          'GET',
          `/v1/disputes?status=lost&merchantAccountId=${merchantAccountId}`,
          {
            token: viewer.accessToken,
          },
        ),
        400,
        'request.invalid',
      );
      expectProblem(
        await harness.request('GET', '/v1/disputes?status=lost&limit=1000', {
          token: viewer.accessToken,
        }),
        400,
        'request.invalid',
      );
    });

    it('refuses callers without a token or the permission, and other tenants’ disputes', async () => {
      const opened = await openChargeback();
      const disputeId: string = opened.response.body.disputeId;
      expectProblem(
        await harness.request('GET', `/v1/disputes/${disputeId}`),
        401,
        'auth.token_missing',
      );
      expectProblem(
        await harness.request('POST', `/v1/disputes/${disputeId}/accept`, { body: {} }),
        401,
        'auth.token_missing',
      );
      const read = await harness.request('GET', `/v1/disputes/${disputeId}`, {
        token: viewer.accessToken,
      });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(opened.response.body);
      for (const [path, body] of [
        ['/v1/disputes', { kind: 'inquiry' }],
        [`/v1/disputes/${disputeId}/evidence`, { items: [TRACKING_NUMBER] }],
        [`/v1/disputes/${disputeId}/submit`, {}],
        [`/v1/disputes/${disputeId}/accept`, {}],
      ] as const) {
        const refused = await harness.request('POST', path, { token: viewer.accessToken, body });
        expectProblem(refused, 403, 'auth.permission_denied');
      }
      // Another tenant's operator cannot see, list or touch the dispute.
      for (const path of [
        `/v1/disputes/${disputeId}`,
        `/v1/disputes/${disputeId}/timeline`,
        `/v1/disputes/${disputeId}/checklist`,
      ]) {
        expectProblem(
          await harness.request('GET', path, { token: stranger.accessToken }),
          404,
          'dispute.not_found',
        );
      }
      expectProblem(
        await harness.request('POST', `/v1/disputes/${disputeId}/accept`, {
          token: stranger.accessToken,
          body: {},
        }),
        404,
        'dispute.not_found',
      );
      const listed = await harness.request(
        'GET',
        `/v1/disputes?merchantAccountId=${opened.merchantAccountId}`,
        {
          token: stranger.accessToken,
        },
      );
      expect(listed.body).toEqual({ items: [], next: null });
      const unknown = typeIdGenerator.next('dsp');
      const missing = await harness.request('GET', `/v1/disputes/${unknown}`, {
        token: viewer.accessToken,
      });
      expectProblem(missing, 404, 'dispute.not_found');
      expect(missing.body.disputeId).toBe(unknown);
      expectProblem(
        await harness.request('GET', '/v1/disputes/dsp_nope', { token: viewer.accessToken }),
        400,
        'request.invalid',
      );
      expect(await posted(opened.merchantAccountId)).toBe(-FEE_MINOR);
    });

    it('answers the domain’s refusals of an opening and of evidence', async () => {
      const badCode = await openChargeback({ reasonCode: '!!' });
      expectProblem(badCode.response, 422, 'validation');
      expect(badCode.response.body).toMatchObject({ field: 'reasonCode', reason: 'bad_format' });
      const noFlag = await openChargeback({ withdrawsFunds: undefined });
      expectProblem(noFlag.response, 400, 'request.invalid');
      expect(noFlag.response.body.errors).toEqual([
        { in: 'json', path: 'withdrawsFunds', code: 'invalid_type' },
      ]);
      expectProblem(
        (await openChargeback({ cardNumber: '4242424242424242' })).response,
        400,
        'request.invalid',
      );
      const unknownTransfer = await openChargeback({ transferId: typeIdGenerator.next('trf') });
      expectProblem(unknownTransfer.response, 404, 'dispute.transfer_not_found');
      const tooMuch = await openChargeback({ amountMinor: '10001' });
      expectProblem(tooMuch.response, 422, 'dispute.amount_exceeds_transfer');
      const other = await payment();
      const notPaid = await openChargeback({ merchantAccountId: other.merchantAccountId });
      expectProblem(notPaid.response, 422, 'dispute.merchant_account_invalid');
      expect(notPaid.response.body.reason).toBe('not_paid_by_transfer');
      // Nothing of the refused openings reached the ledger.
      expect(await posted(other.merchantAccountId)).toBe(PAYMENT_MINOR);

      const opened = await openChargeback();
      const disputeId: string = opened.response.body.disputeId;
      const nothing = await harness.request('POST', `/v1/disputes/${disputeId}/submit`, {
        token: operator.accessToken,
        body: {},
      });
      expectProblem(nothing, 422, 'dispute.no_evidence_staged');
      const zip = await harness.request('POST', `/v1/disputes/${disputeId}/evidence`, {
        token: operator.accessToken,
        body: { items: [TRACKING_NUMBER, { ...RECEIPT, mediaType: 'application/zip' }] },
      });
      expectProblem(zip, 422, 'disputes.evidence_list_invalid');
      expect(zip.body).toMatchObject({
        reason: 'items_invalid',
        errors: [{ index: 1, property: 'mediaType', reason: 'unsupported' }],
      });
      const unknownField = await harness.request('POST', `/v1/disputes/${disputeId}/evidence`, {
        token: operator.accessToken,
        body: { items: [{ ...TRACKING_NUMBER, field: 'favourite_colour' }] },
      });
      expectProblem(unknownField, 400, 'request.invalid');
      const read = await harness.request('GET', `/v1/disputes/${disputeId}`, {
        token: viewer.accessToken,
      });
      expect(read.body.stagedEvidence).toEqual([]);
      const unknown = typeIdGenerator.next('dsp');
      expectProblem(
        await harness.request('POST', `/v1/disputes/${unknown}/evidence`, {
          token: operator.accessToken,
          body: { items: [TRACKING_NUMBER] },
        }),
        404,
        'dispute.not_found',
      );
    });

    it('applies relayed Stripe and Adyen webhooks once, reporting each notice', async () => {
      const paid = await payment();
      payments.set('stripe:ch_http_0001', paid);
      const seconds = Math.floor(harness.clock.now().getTime() / 1000);
      const withdrawn = stripeEvent(
        'evt_http_withdrawn',
        'charge.dispute.funds_withdrawn',
        'ch_http_0001',
        seconds,
      );
      const path = '/v1/disputes/provider-notifications/stripe';
      expectProblem(
        await harness.request('POST', path, { token: viewer.accessToken, body: withdrawn }),
        403,
        'auth.permission_denied',
      );
      const applied = await harness.request('POST', path, {
        token: operator.accessToken,
        body: withdrawn,
      });
      expect(applied.status).toBe(200);
      expect(applied.body).toEqual({
        results: [
          {
            index: 0,
            outcome: 'applied',
            disputeId: expect.stringMatching(/^dsp_/),
            status: 'chargeback_needs_response',
            recorded: 2,
          },
        ],
      });
      const disputeId: string = applied.body.results[0].disputeId;
      const redelivered = await harness.request('POST', path, {
        token: operator.accessToken,
        body: withdrawn,
      });
      expect(redelivered.body.results).toEqual([
        {
          index: 0,
          outcome: 'applied',
          disputeId,
          status: 'chargeback_needs_response',
          recorded: 0,
        },
      ]);
      const read = await harness.request('GET', `/v1/disputes/${disputeId}`, {
        token: viewer.accessToken,
      });
      expect(read.body).toMatchObject({
        ...paid,
        providerReference: { provider: 'stripe', providerDisputeId: 'dp_http_ch_http_0001' },
        reasonCode: '13.1',
        fundsWithdrawn: true,
        deadline: {
          kind: 'due',
          source: 'provider',
          dueAt: new Date((seconds + 10 * 86_400) * 1000).toISOString(),
        },
      });
      expect(await posted(paid.merchantAccountId)).toBe(-FEE_MINOR);
      const timeline = await harness.request('GET', `/v1/disputes/${disputeId}/timeline`, {
        token: viewer.accessToken,
      });
      expect(timeline.body.items[0]).toMatchObject({
        actor: 'service:provider:stripe',
        source: { kind: 'provider' },
      });

      const other = await harness.request('POST', path, {
        token: operator.accessToken,
        body: { ...withdrawn, id: 'evt_http_charge', type: 'charge.succeeded' },
      });
      expect(other.body.results).toEqual([{ index: 0, outcome: 'ignored' }]);
      const unknownCharge = await harness.request('POST', path, {
        token: operator.accessToken,
        body: stripeEvent('evt_http_unknown', 'charge.dispute.created', 'ch_http_unknown', seconds),
      });
      expect(unknownCharge.body.results).toEqual([
        {
          index: 0,
          outcome: 'refused',
          problem: expect.objectContaining({
            type: 'https://strongroom.dev/problems/dispute.payment_not_resolved',
            status: 422,
            provider: 'stripe',
          }),
        },
      ]);
      const malformed = stripeEvent(
        'evt_http_bad',
        'charge.dispute.created',
        'ch_http_0001',
        seconds,
      );
      malformed.data.object.amount = -5;
      const refused = await harness.request('POST', path, {
        token: operator.accessToken,
        body: malformed,
      });
      expect(refused.body.results[0].problem).toMatchObject({
        type: 'https://strongroom.dev/problems/disputes.provider_payload_invalid',
        field: 'data.object.amount',
      });

      const adyenPaid = await payment();
      payments.set('adyen:PAYMENT_HTTP_0001', adyenPaid);
      const adyen = await harness.request('POST', '/v1/disputes/provider-notifications/adyen', {
        token: operator.accessToken,
        body: {
          live: 'false',
          notificationItems: [
            { NotificationRequestItem: adyenChargeback(harness.clock.now()) },
            { NotificationRequestItem: { eventCode: 'CHARGEBACK' } },
          ],
        },
      });
      expect(adyen.status).toBe(200);
      expect(adyen.body.results).toEqual([
        {
          index: 0,
          outcome: 'applied',
          disputeId: expect.stringMatching(/^dsp_/),
          status: 'chargeback_needs_response',
          recorded: 2,
        },
        {
          index: 1,
          outcome: 'refused',
          problem: expect.objectContaining({
            type: 'https://strongroom.dev/problems/disputes.provider_payload_invalid',
          }),
        },
      ]);
      expect(await posted(adyenPaid.merchantAccountId)).toBe(PAYMENT_MINOR - 5_000n - FEE_MINOR);
      expectProblem(
        await harness.request('POST', '/v1/disputes/provider-notifications/adyen', {
          token: operator.accessToken,
          body: { live: 'false' },
        }),
        422,
        'disputes.provider_payload_invalid',
      );
      expectProblem(
        await harness.request('POST', '/v1/disputes/provider-notifications/paypal', {
          token: operator.accessToken,
          body: {},
        }),
        400,
        'request.invalid',
      );
    });

    // Last: the clock moves days ahead, past the lifetime of the access tokens signed so far.
    it('lists due deadlines, and shows a dispute the sweep expired after its deadline passed', async () => {
      const now = harness.clock.now();
      const dueAt = new Date(now.getTime() + 2 * DAY_MS).toISOString();
      const opened = await openChargeback({ responseDueAt: dueAt });
      expect(opened.response.status).toBe(201);
      const disputeId: string = opened.response.body.disputeId;
      expect(opened.response.body.deadline).toEqual({ kind: 'due', dueAt, source: 'provider' });

      const before = new Date(now.getTime() + 3 * DAY_MS).toISOString();
      const due = await harness.request(
        'GET',
        `/v1/disputes/deadlines?before=${encodeURIComponent(before)}`,
        {
          token: viewer.accessToken,
        },
      );
      expect(due.status).toBe(200);
      expect(due.body.items.map((item: { disputeId: string }) => item.disputeId)).toEqual([
        disputeId,
      ]);
      const later = await harness.request('GET', '/v1/disputes/deadlines?limit=100', {
        token: viewer.accessToken,
      });
      expect(later.body.items[0].disputeId).toBe(disputeId);
      expect(later.body.items.length).toBeGreaterThan(1);
      const dueTimes = later.body.items.map(
        (item: { deadline: { dueAt: string } }) => item.deadline.dueAt,
      );
      expect(dueTimes).toEqual([...dueTimes].sort());
      expectProblem(
        await harness.request('GET', '/v1/disputes/deadlines?before=tomorrow', {
          token: viewer.accessToken,
        }),
        400,
        'request.invalid',
      );

      const disputes = harness.strongroom.disputes;
      if (disputes === undefined) throw new Error('the harness configures disputes');
      harness.clock.advance(3 * DAY_MS);
      const swept = unwrapOrThrow(await disputes.sweepDeadlines(harness.tenantId));
      expect(swept).toMatchObject({ expired: 1, failed: 0 });
      const reader = await harness.signUp(['viewer'], 'late-viewer');
      const read = await harness.request('GET', `/v1/disputes/${disputeId}`, {
        token: reader.accessToken,
      });
      expect(read.body).toMatchObject({
        status: 'lost',
        lostReason: 'expired',
        deadline: { kind: 'none' },
      });
      const timeline = await harness.request('GET', `/v1/disputes/${disputeId}/timeline`, {
        token: reader.accessToken,
      });
      const last = timeline.body.items.slice(-2);
      expect(last.map((item: { type: string }) => item.type)).toEqual([
        'dispute.expired',
        'dispute.written_off',
      ]);
      expect(last[0].actor).toBe('system:disputes');
      expect(last[0].source).toEqual({ kind: 'system' });
      const stillDue = await harness.request(
        'GET',
        `/v1/disputes/deadlines?before=${encodeURIComponent(before)}`,
        {
          token: reader.accessToken,
        },
      );
      expect(stillDue.body).toEqual({ items: [], next: null });
    });
  });
}
