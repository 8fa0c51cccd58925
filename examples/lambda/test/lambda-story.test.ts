import {
  type AuditInclusionProof,
  openCheckpoint,
  parseVerifierKey,
  verifyAuditInclusionProof,
} from '@strongroom/audit';
import { createPinoLogger } from '@strongroom/http';
import {
  type EventEnvelope,
  FakeClock,
  type Id,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { logLineSink } from '@strongroom/testkit/secret-scan';
import { TOTP, URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaApp, type LambdaApp } from '../src/create-lambda-app.js';
import { readLambdaConfig } from '../src/lambda-config.js';
import { createLambdaHandlers, type LambdaHandlers } from '../src/lambda-handlers.js';
import { LambdaClient } from './support/lambda-client.js';
import type {
  Checkpoint,
  Dispute,
  MfaRequired,
  Problem,
  SequencedEntry,
  SignedIn,
  StatementLine,
  TransferResult,
} from './support/story-types.js';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment.js';

// The Express example's HTTP demo, told to the Lambda handler: every request is an API Gateway
// HTTP API v2 event, the background work is the scheduled `worker` handler on a fake clock.

const EMAIL = 'ann@example.com';
const PASSWORD = 'correct horse battery staple';
const TOTP_PERIOD_MS = 30_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const RESPONSE_WINDOW_MS = 7 * DAY_MS;
const CAPTURE_REQUEST_ID = 'lambda-capture-order-1043';
const PROBLEMS = 'https://strongroom.dev/problems';

// What Ann's authenticator app computes from the enrolment's otpauth:// URI.
function totpCode(uri: string, nowMs: number): string {
  const otp = URI.parse(uri);
  if (!(otp instanceof TOTP)) throw new Error('the enrolment URI is not a TOTP URI');
  return otp.generate({ timestamp: nowMs });
}

describe('the Lambda example tells the HTTP demo story through API Gateway events', () => {
  const clock = new FakeClock(new Date());
  const published: EventEnvelope[] = [];
  let environment: TestEnvironment;
  let app: LambdaApp;
  let handlers: LambdaHandlers;
  let client: LambdaClient;
  const state: {
    userId?: string;
    refreshToken?: string;
    cardToken?: string;
    accounts?: { clearing: Id<'acc'>; merchant: Id<'acc'>; fees: Id<'acc'>; wallet: Id<'acc'> };
    capture?: Id<'trf'>;
    partialCapture?: Id<'trf'>;
  } = {};

  beforeAll(async () => {
    environment = await createTestEnvironment('story');
    const config = readLambdaConfig({
      ...environment.variables,
      // For brevity one person runs the whole story (the default role is viewer).
      STRONGROOM_DEFAULT_ROLES: 'operator,auditor',
    });
    handlers = createLambdaHandlers(async () => {
      // Debug logs of the whole story go to the full-suite secret scan (nowhere when it is off).
      const logger = createPinoLogger({ level: 'debug', destination: logLineSink('lambda') });
      app = await createLambdaApp(config, { clock, logger });
      return app;
    });
    client = new LambdaClient(handlers.handler);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.dispose();
  });

  it('is ready: storage, KMS and Redis answer', async () => {
    const ready = await client.request<{ status: string; checks: Record<string, string> }>(
      'GET',
      '/health/ready',
    );
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ok',
      checks: { storage: 'ok', kms: 'ok', redis: 'ok' },
    });
    app.events.inProcess?.subscribe((event) => {
      published.push(event);
    });
  });

  it('signs Ann up: email verified from the mailbox, TOTP enrolled, then password + code', async () => {
    const registered = await client.request<{ userId: string }>('POST', '/v1/identity/register', {
      body: { email: EMAIL, password: PASSWORD },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.userId).toMatch(/^usr_/);
    const token = app.mailbox.latestSecret('email_verification', EMAIL);
    expect(token).toBeDefined();
    const verified = await client.request('POST', '/v1/identity/email-verification', {
      body: { token },
    });
    expect(verified.status).toBe(200);

    const login = { email: EMAIL, password: PASSWORD, device: { label: 'Ann’s laptop' } };
    const first = await client.request<SignedIn>('POST', '/v1/identity/login', { body: login });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('signed_in');
    client.signIn(first.body.accessToken);
    const enrolment = await client.request<{ uri: string }>(
      'POST',
      '/v1/identity/mfa/totp/enrollment',
    );
    expect(enrolment.status).toBe(200);
    expect(enrolment.body.uri).toMatch(/^otpauth:\/\/totp\//);
    const confirmed = await client.request<{ recoveryCodes: string[] }>(
      'POST',
      '/v1/identity/mfa/totp/enrollment/confirm',
      { body: { code: totpCode(enrolment.body.uri, clock.now().getTime()) } },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect((await client.request('POST', '/v1/identity/logout')).status).toBe(204);

    // A code is accepted once: the next sign-in uses the next period's.
    clock.advance(TOTP_PERIOD_MS);
    const second = await client.request<MfaRequired>('POST', '/v1/identity/login', {
      body: login,
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      status: 'mfa_required',
      methods: ['totp', 'recovery_code'],
    });
    const withCode = await client.request<SignedIn>('POST', '/v1/identity/login/mfa', {
      body: {
        mfaToken: second.body.mfaToken,
        method: 'totp',
        code: totpCode(enrolment.body.uri, clock.now().getTime()),
      },
    });
    expect(withCode.status).toBe(200);
    expect(withCode.body.status).toBe('signed_in');
    client.signIn(withCode.body.accessToken);
    const me = await client.request<{ roles: string[]; authenticationMethods: string[] }>(
      'GET',
      '/v1/identity/me',
    );
    expect(me.status).toBe(200);
    expect(me.body.roles).toEqual(['operator', 'auditor']);
    expect(me.body.authenticationMethods).toEqual(['pwd', 'otp']);
    state.userId = withCode.body.userId;
    state.refreshToken = withCode.body.refreshToken;
  });

  it('tokenizes a card: only the mask comes back', async () => {
    const tokenized = await client.request<{ token: string; brand: string; display: string }>(
      'POST',
      '/v1/vault/cards',
      {
        body: {
          pan: '4242 4242 4242 4242',
          expiryMonth: 12,
          expiryYear: clock.now().getUTCFullYear() + 3,
          cardholderName: 'Ann Example',
          cvv: '123',
        },
      },
    );
    expect(tokenized.status).toBe(201);
    expect(tokenized.body).toMatchObject({ brand: 'visa', display: '42424242****4242' });
    expect(JSON.stringify(tokenized.body)).not.toContain('4242424242424242');
    state.cardToken = tokenized.body.token;
  });

  it('opens the accounts and captures a payment through the card.capture template, idempotently', async () => {
    const accounts = {
      clearing: typeIdGenerator.next('acc'),
      merchant: typeIdGenerator.next('acc'),
      fees: typeIdGenerator.next('acc'),
      wallet: typeIdGenerator.next('acc'),
    };
    const account = (id: string, code: number, name: string, type: string, extra = {}) => ({
      id,
      currency: 'USD',
      code,
      name,
      type,
      ...extra,
    });
    const opened = await client.request<{ results: { status: string }[] }>(
      'POST',
      '/v1/ledger/accounts/batch',
      {
        body: {
          accounts: [
            account(accounts.clearing, 1_000, 'Card clearing', 'asset'),
            account(accounts.merchant, 2_000, 'Acme Outdoor', 'liability', {
              owner: { type: 'merchant', id: 'acme-outdoor' },
            }),
            account(accounts.fees, 4_000, 'Card processing fees', 'revenue'),
            account(accounts.wallet, 2_100, 'Ann’s wallet', 'liability', {
              owner: { type: 'user', id: state.userId },
              flags: { debitsMustNotExceedCredits: true },
            }),
          ],
        },
      },
    );
    expect(opened.status).toBe(200);
    expect(opened.body.results.map((result) => result.status)).toEqual([
      'created',
      'created',
      'created',
      'created',
    ]);
    const templates = await client.request<{ templates: { name: string }[] }>(
      'GET',
      '/v1/ledger/templates',
    );
    expect(templates.body.templates.map((template) => template.name)).toEqual(['card.capture']);

    const capture = typeIdGenerator.next('trf');
    const application = {
      id: capture,
      values: {
        clearing: accounts.clearing,
        merchant: accounts.merchant,
        fees: accounts.fees,
        amount: '12000',
        fee: '378',
      },
      metadata: { order: '1043', cardToken: state.cardToken },
    };
    const idempotencyKey = crypto.randomUUID();
    const path = '/v1/ledger/templates/card.capture/apply';
    const captured = await client.request<TransferResult>('POST', path, {
      body: application,
      idempotencyKey,
      requestId: CAPTURE_REQUEST_ID,
    });
    expect(captured.status).toBe(201);
    expect(captured.body.status).toBe('created');
    // The same key replays the first answer (kept in Redis); a new key finds the transfer done.
    const replay = await client.request<TransferResult>('POST', path, {
      body: application,
      idempotencyKey,
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    const retried = await client.request<TransferResult>('POST', path, {
      body: application,
      idempotencyKey: crypto.randomUUID(),
    });
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('exists');
    state.accounts = accounts;
    state.capture = capture;
  });

  it('refuses an overdraft, then holds 300.00 and captures 250.00 of it', async () => {
    const accounts = state.accounts;
    if (accounts === undefined) throw new Error('the accounts chapter ran first');
    const overdraft = await client.request<Problem>('POST', '/v1/ledger/transfers', {
      body: {
        id: typeIdGenerator.next('trf'),
        debitAccountId: accounts.wallet,
        creditAccountId: accounts.merchant,
        amountMinor: '2500',
        currency: 'USD',
        code: 2_001,
      },
    });
    expect(overdraft.status).toBe(422);
    expect(overdraft.body.type).toBe(`${PROBLEMS}/ledger.transfer.exceeds_credits`);

    const holdId = typeIdGenerator.next('trf');
    const hold = await client.request<TransferResult>('POST', '/v1/ledger/transfers', {
      body: {
        id: holdId,
        debitAccountId: accounts.clearing,
        creditAccountId: accounts.merchant,
        amountMinor: '30000',
        currency: 'USD',
        code: 1_101,
        flags: { pending: true },
        timeoutMs: 7 * DAY_MS,
        metadata: { order: '1044', cardToken: state.cardToken },
      },
    });
    expect(hold.status).toBe(201);
    expect(hold.body.transfer?.pendingStatus).toBe('pending');
    const partialCapture = typeIdGenerator.next('trf');
    const posted = await client.request<TransferResult>(
      'POST',
      `/v1/ledger/transfers/${holdId}/post`,
      { body: { id: partialCapture, amountMinor: '25000' } },
    );
    expect(posted.status).toBe(201);
    expect(posted.body.status).toBe('created');
    const balance = await client.request<{ postedMinor: string }>(
      'GET',
      `/v1/ledger/accounts/${accounts.merchant}/balance`,
    );
    // 120.00 less the 3.78 fee, and 250.00 of the 300.00 hold.
    expect(balance.body.postedMinor).toBe('36622');
    state.partialCapture = partialCapture;
  });

  it('takes two chargebacks; past the deadline the scheduled worker expires the unanswered one', async () => {
    const { accounts, capture, partialCapture, refreshToken } = state;
    if (accounts === undefined || capture === undefined || partialCapture === undefined)
      throw new Error('the payments chapters ran first');
    const open = (transferId: string, reasonCode: string, amountMinor: string) => {
      const now = clock.now();
      return client.request<Dispute>('POST', '/v1/disputes', {
        body: {
          kind: 'chargeback',
          transferId,
          merchantAccountId: accounts.merchant,
          reasonCode,
          amountMinor,
          network: 'visa',
          currency: 'USD',
          transactionDate: now.toISOString().slice(0, 10),
          responseDueAt: new Date(now.getTime() + RESPONSE_WINDOW_MS).toISOString(),
          withdrawsFunds: true,
        },
      });
    };
    const defended = await open(capture, '13.1', '12000');
    expect(defended.status).toBe(201);
    expect(defended.body.status).toBe('chargeback_needs_response');
    const path = `/v1/disputes/${defended.body.disputeId}`;
    const checklist = await client.request<{ missing: unknown[] }>('GET', `${path}/checklist`);
    expect(checklist.status).toBe(200);
    expect(checklist.body.missing.length).toBeGreaterThan(0);
    const staged = await client.request<Dispute>('POST', `${path}/evidence`, {
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
    expect(staged.status).toBe(200);
    expect(staged.body.stagedEvidence).toHaveLength(3);
    const submitted = await client.request<Dispute>('POST', `${path}/submit`, { body: {} });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('chargeback_under_review');
    const undefended = await open(partialCapture, '13.3', '4000');
    expect(undefended.status).toBe(201);

    clock.advance(RESPONSE_WINDOW_MS + DAY_MS);
    const expired = await client.request<Problem>(
      'GET',
      `/v1/disputes/${undefended.body.disputeId}`,
    );
    expect(expired.status).toBe(401);
    expect(expired.body.type).toBe(`${PROBLEMS}/identity.invalid_token`);
    const refreshed = await client.request<SignedIn>('POST', '/v1/identity/refresh', {
      body: { refreshToken },
    });
    expect(refreshed.status).toBe(200);
    client.signIn(refreshed.body.accessToken);

    const summary = await handlers.worker({ 'detail-type': 'Scheduled Event' });
    const jobs = summary.tenants[0]?.jobs ?? [];
    expect(summary.tenants.map((tenant) => tenant.tenantId)).toEqual(['demo']);
    expect(jobs.find((job) => job.job === 'dispute_deadline_sweep')).toMatchObject({
      errors: [],
    });
    expect(jobs.every((job) => job.errors.length === 0)).toBe(true);

    const read = async (id: string) =>
      (await client.request<Dispute>('GET', `/v1/disputes/${id}`)).body;
    expect((await read(defended.body.disputeId)).status).toBe('chargeback_under_review');
    expect(await read(undefended.body.disputeId)).toMatchObject({
      status: 'lost',
      lostReason: 'expired',
    });
    const timeline = await client.request<{ items: { type: string }[] }>(
      'GET',
      `/v1/disputes/${undefended.body.disputeId}/timeline`,
    );
    expect(timeline.body.items.map((entry) => entry.type)).toEqual([
      'dispute.chargeback_opened',
      'dispute.funds_withdrawn',
      'dispute.expired',
      'dispute.written_off',
    ]);
    // The worker's relay published the disputes' events to the in-process publisher.
    expect(published.map((event) => event.type)).toContain('dispute.expired');

    const house = app.houseAccounts.get('USD');
    const posted = async (id: string | undefined) =>
      (await client.request<{ postedMinor: string }>('GET', `/v1/ledger/accounts/${id}/balance`))
        .body.postedMinor;
    // The 13.1 case is still reserved; both 15.00 fees are owed; the lost 40.00 is paid away.
    expect(await posted(house?.reserveAccountId)).toBe('12000');
    expect(await posted(house?.feeAccountId)).toBe('3000');
    expect(await posted(house?.lossAccountId)).toBe('4000');
  });

  it('gives the merchant’s statement, ending at its balance', async () => {
    const merchant = state.accounts?.merchant;
    const statement = await client.request<{ items: StatementLine[] }>(
      'GET',
      `/v1/ledger/accounts/${merchant}/statement?limit=100`,
    );
    expect(statement.status).toBe(200);
    expect(statement.body.items.map(({ entry }) => `${entry.side} ${entry.kind}`)).toEqual([
      'credit posted',
      'credit pending',
      'credit pending_posted',
      'debit posted',
      'debit posted',
    ]);
    // 366.22 less 120.00 + 15.00 and 40.00 + 15.00 withdrawn by the two chargebacks.
    expect(statement.body.items.at(-1)?.postedMinor).toBe('17622');
  });

  it('proves the capture is in the audit log: verified walk and an inclusion proof checked here', async () => {
    const tenantId = app.config.tenantId;
    // The scheduled worker sequences the entries written since its last run and signs a checkpoint.
    await handlers.worker();
    const entries = await client.request<{ entries: SequencedEntry[]; next: number | null }>(
      'GET',
      '/v1/audit/entries?from=0&limit=100',
    );
    expect(entries.status).toBe(200);
    let sequenced = entries.body.entries.find(
      (candidate) => candidate.entry.requestId === CAPTURE_REQUEST_ID,
    );
    for (let from = entries.body.next; sequenced === undefined && from !== null; ) {
      const page = await client.request<{ entries: SequencedEntry[]; next: number | null }>(
        'GET',
        `/v1/audit/entries?from=${from}&limit=100`,
      );
      sequenced = page.body.entries.find(
        (candidate) => candidate.entry.requestId === CAPTURE_REQUEST_ID,
      );
      from = page.body.next;
    }
    expect(sequenced?.entry.action).toBe('ledger.transfers.created');
    const latest = await client.request<Checkpoint>('GET', '/v1/audit/checkpoints/latest');
    expect(latest.status).toBe(200);
    expect(sequenced?.index).toBeLessThan(latest.body.treeSize);

    // The log's public keys, as the operator publishes them: the checkpoint is not taken on trust.
    const vkeys = app.strongroom.audit.signers(tenantId).map((signer) => signer.vkey);
    const opened = unwrapOrThrow(
      openCheckpoint(
        latest.body.checkpoint,
        vkeys.map((vkey) => unwrapOrThrow(parseVerifierKey(vkey))),
      ),
    );
    expect(opened.treeSize).toBe(latest.body.treeSize);
    const verification = await client.request<{ verified: boolean; treeSize: number }>(
      'POST',
      '/v1/audit/verification',
      { body: { trustedCheckpoint: latest.body.checkpoint } },
    );
    expect(verification.status).toBe(200);
    expect(verification.body).toMatchObject({ verified: true, treeSize: opened.treeSize });
    const proof = await client.request<AuditInclusionProof>(
      'GET',
      `/v1/audit/entries/${sequenced?.entry.id}/inclusion-proof?treeSize=${opened.treeSize}`,
    );
    expect(proof.status).toBe(200);
    expect(JSON.parse(proof.body.leaf)).toMatchObject({ requestId: CAPTURE_REQUEST_ID });
    expect(verifyAuditInclusionProof(proof.body, opened.rootHash).isOk()).toBe(true);
  });
});
