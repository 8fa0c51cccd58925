import {
  ACCESS_TOKEN_LEEWAY_MS_DEFAULT,
  ACCESS_TOKEN_TTL_MS_DEFAULT,
  createAuthorization,
  DEFAULT_ROLES,
} from '@strongroom/identity';
import { parseTenantId, typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_MEDIA_TYPE } from '../src/problems/problem-details.js';
import { selectedBackends } from './support/http-backends.js';
import {
  HARNESS_PASSWORD,
  type HarnessResponse,
  type HarnessUser,
  type HttpHarness,
  startHttpHarness,
} from './support/http-harness.js';
import { type OpenApiOperation, pathWith, servedOpenApi } from './support/openapi-operations.js';

// Authentication and permission checks run at the edge and in the domains, above the storage, so
// the matrix runs on memory and PGlite only (the embedded database the example ships with); the
// route suites cover storage-specific behaviour on all three backends. This keeps CI time small.
const MATRIX_BACKENDS = selectedBackends().filter((backend) => backend.name !== 'postgres');

/** The ids a request names: made-up ones for the role columns, the harness tenant's for isolation. */
interface ResourceIds {
  readonly userId: string;
  readonly deviceId: string;
  readonly token: string;
  readonly accountId: string;
  readonly counterpartyAccountId: string;
  readonly transferId: string;
  readonly pendingId: string;
  readonly journalEntryId: string;
  /** A posting template's name; the matrix defines none, so applying it answers 404. */
  readonly name: string;
  readonly disputeId: string;
  readonly leafId: string;
  readonly provider: string;
}

/**
 * Who may call an operation. `edge`: the route passes the permission to
 * `dependencies.guarded('<permission>')`, checked before the request is even validated. `domain`:
 * the route is on `guarded()` and the domain checks the permission (identity allows one's own
 * account too; the matrix only names other users' ids), so the request must be valid to reach it.
 * `self`: any signed-in caller, acting on their own account.
 */
type Guard =
  | { readonly kind: 'edge'; readonly permission: string }
  | { readonly kind: 'domain'; readonly permission: string }
  | { readonly kind: 'self' };

interface MatrixEntry {
  readonly guard: Guard;
  readonly body?: (ids: ResourceIds) => unknown;
  readonly query?: (ids: ResourceIds) => Readonly<Record<string, string>>;
  /** Ends the caller's session: sent with a session of its own, so the caller's token lives on. */
  readonly endsSession?: true;
  /**
   * Names the harness tenant's records in its body or query rather than its path: another
   * tenant is refused with 404, 403 or 422 (the ledger refuses unknown accounts as content).
   */
  readonly byReference?: true;
}

/** Path parameters that name no record of a tenant: a provider, a template of the deployment. */
const NOT_TENANT_RECORDS = new Set(['provider', 'name']);

const edge = (permission: string): Guard => ({ kind: 'edge', permission });
const domain = (permission: string): Guard => ({ kind: 'domain', permission });
const SELF: Guard = { kind: 'self' };

const CARD = {
  pan: '4242424242424242',
  expiryMonth: 11,
  expiryYear: 2031,
  cardholderName: 'Grace Hopper',
};
const PURPOSE = 'authorization matrix';
const account = () => ({
  id: typeIdGenerator.next('acc'),
  currency: 'USD',
  code: 1,
  name: 'Matrix account',
  type: 'asset',
});
const transfer = (ids: ResourceIds) => ({
  id: typeIdGenerator.next('trf'),
  debitAccountId: ids.accountId,
  creditAccountId: ids.counterpartyAccountId,
  amountMinor: '100',
  currency: 'USD',
  code: 1,
});

/**
 * Every secured operation and who may call it, read from the route files: the permission each
 * passes to `dependencies.guarded(...)`, or, for routes on `guarded()`, the permission its domain
 * checks (identity's IDENTITY_PERMISSIONS, the vault's CARD_PERMISSIONS).
 */
const MATRIX: Readonly<Record<string, MatrixEntry>> = {
  'POST /v1/identity/logout': { guard: SELF, endsSession: true },
  'GET /v1/identity/me': { guard: SELF },
  'POST /v1/identity/mfa/totp/enrollment': { guard: SELF },
  'POST /v1/identity/mfa/totp/enrollment/confirm': { guard: SELF },
  'POST /v1/identity/mfa/recovery-codes': { guard: SELF },
  'POST /v1/identity/mfa/sms': { guard: SELF },
  'POST /v1/identity/mfa/passkeys/registration-options': { guard: SELF },
  'POST /v1/identity/mfa/passkeys': { guard: SELF },
  'GET /v1/identity/users/{userId}/devices': { guard: domain('identity.user.read') },
  'DELETE /v1/identity/users/{userId}/devices/{deviceId}': {
    guard: domain('identity.device.revoke'),
  },
  'GET /v1/identity/users/{userId}/export': { guard: domain('identity.user.export') },
  'DELETE /v1/identity/users/{userId}': { guard: domain('identity.user.erase') },
  'PUT /v1/identity/users/{userId}/roles': {
    guard: domain('identity.user.assign_roles'),
    body: () => ({ roles: ['viewer'] }),
  },
  'POST /v1/identity/users/{userId}/suspend': { guard: domain('identity.user.manage') },
  'POST /v1/identity/users/{userId}/reinstate': { guard: domain('identity.user.manage') },
  'POST /v1/identity/signing-keys/rotate': { guard: domain('identity.signing_key.rotate') },
  'POST /v1/vault/cards': { guard: domain('vault.card.tokenize'), body: () => CARD },
  'POST /v1/vault/cards/batch': {
    guard: domain('vault.card.tokenize'),
    body: () => ({ cards: [CARD] }),
  },
  'GET /v1/vault/cards/{token}': {
    guard: domain('vault.card.reveal_masked'),
    query: () => ({ purpose: PURPOSE }),
  },
  'DELETE /v1/vault/cards/{token}': { guard: domain('vault.card.delete') },
  'POST /v1/vault/cards/{token}/detokenize': {
    guard: domain('vault.card.reveal_full'),
    body: () => ({ purpose: PURPOSE, reveal: 'full' }),
  },
  'POST /v1/ledger/accounts': { guard: edge('ledger.account.create'), body: account },
  'POST /v1/ledger/accounts/batch': {
    guard: edge('ledger.account.create'),
    body: () => ({ accounts: [account()] }),
  },
  'GET /v1/ledger/accounts/{accountId}': { guard: edge('ledger.read') },
  'GET /v1/ledger/accounts/{accountId}/balance': { guard: edge('ledger.read') },
  'GET /v1/ledger/accounts/{accountId}/statement': { guard: edge('ledger.read') },
  'GET /v1/ledger/accounts/{accountId}/transfers': { guard: edge('ledger.read') },
  'POST /v1/ledger/transfers': {
    guard: edge('ledger.transfer.create'),
    body: transfer,
    byReference: true,
  },
  'POST /v1/ledger/transfers/{pendingId}/post': {
    guard: edge('ledger.transfer.create'),
    body: () => ({ id: typeIdGenerator.next('trf') }),
  },
  'POST /v1/ledger/transfers/{pendingId}/void': {
    guard: edge('ledger.transfer.create'),
    body: () => ({ id: typeIdGenerator.next('trf') }),
  },
  'POST /v1/ledger/transfers/batch': {
    guard: edge('ledger.transfer.create'),
    body: (ids) => ({ transfers: [transfer(ids)] }),
  },
  'GET /v1/ledger/transfers/{transferId}': { guard: edge('ledger.read') },
  'POST /v1/ledger/journal-entries': {
    guard: edge('ledger.transfer.create'),
    body: (ids) => ({
      id: typeIdGenerator.next('trf'),
      code: 1,
      postings: [
        { accountId: ids.accountId, side: 'debit', amountMinor: '100' },
        { accountId: ids.counterpartyAccountId, side: 'credit', amountMinor: '100' },
      ],
    }),
    byReference: true,
  },
  'GET /v1/ledger/journal-entries/{journalEntryId}': { guard: edge('ledger.read') },
  'GET /v1/ledger/templates': { guard: edge('ledger.read') },
  'POST /v1/ledger/templates/{name}/apply': {
    guard: edge('ledger.transfer.create'),
    body: (ids) => ({
      id: typeIdGenerator.next('trf'),
      values: { debit: ids.accountId, credit: ids.counterpartyAccountId, amount: '100' },
    }),
  },
  'GET /v1/ledger/balances': {
    guard: edge('ledger.read'),
    query: (ids) => ({ accountIds: ids.accountId }),
    byReference: true,
  },
  'GET /v1/disputes': {
    guard: edge('disputes.read'),
    query: () => ({ status: 'inquiry_needs_response' }),
  },
  'POST /v1/disputes': {
    guard: edge('disputes.dispute.open'),
    body: (ids) => ({
      kind: 'inquiry',
      transferId: ids.transferId,
      merchantAccountId: ids.counterpartyAccountId,
      network: 'visa',
      reasonCode: '13.1',
      amountMinor: '100',
      currency: 'USD',
      transactionDate: '2026-01-10',
    }),
    byReference: true,
  },
  'GET /v1/disputes/deadlines': { guard: edge('disputes.read') },
  'GET /v1/disputes/{disputeId}': { guard: edge('disputes.read') },
  'GET /v1/disputes/{disputeId}/timeline': { guard: edge('disputes.read') },
  'GET /v1/disputes/{disputeId}/checklist': { guard: edge('disputes.read') },
  'POST /v1/disputes/{disputeId}/evidence': {
    guard: edge('disputes.evidence.stage'),
    body: () => ({
      items: [{ kind: 'text', field: 'shipping_tracking_number', text: '1Z999AA10123456784' }],
    }),
  },
  'POST /v1/disputes/{disputeId}/submit': { guard: edge('disputes.evidence.submit') },
  'POST /v1/disputes/{disputeId}/accept': { guard: edge('disputes.dispute.accept') },
  'POST /v1/disputes/provider-notifications/{provider}': {
    guard: edge('disputes.provider_notification.apply'),
  },
  'GET /v1/audit/entries': { guard: edge('audit.read') },
  'GET /v1/audit/entries/{leafId}': { guard: edge('audit.read') },
  'GET /v1/audit/entries/{leafId}/inclusion-proof': { guard: edge('audit.read') },
  'GET /v1/audit/consistency-proof': {
    guard: edge('audit.read'),
    query: () => ({ from: '1', to: '1' }),
  },
  'GET /v1/audit/checkpoints/latest': { guard: edge('audit.read') },
  'POST /v1/audit/verification': { guard: edge('audit.verify') },
};

/** The operations anyone may call: signing up and in, the public keys, health. */
const PUBLIC = [
  'GET /health/live',
  'GET /health/ready',
  'POST /v1/identity/register',
  'POST /v1/identity/email-verification',
  'POST /v1/identity/email-verification/resend',
  'POST /v1/identity/password-reset',
  'POST /v1/identity/password-reset/confirm',
  'POST /v1/identity/login',
  'POST /v1/identity/login/mfa',
  'POST /v1/identity/login/mfa/sms-code',
  'POST /v1/identity/login/mfa/passkey-options',
  'POST /v1/identity/refresh',
  'GET /v1/identity/jwks',
];

const ROLES = ['viewer', 'operator', 'admin', 'auditor'] as const;
const catalogue = createAuthorization(DEFAULT_ROLES);
const matrixTenant = unwrapOrThrow(parseTenantId('matrix'));

function holds(role: string, guard: Guard): boolean {
  return (
    guard.kind === 'self' ||
    catalogue.can({ tenantId: matrixTenant, userId: 'usr_matrix', roles: [role] }, guard.permission)
  );
}

function entryOf(operation: OpenApiOperation): MatrixEntry {
  const entry = MATRIX[operation.key];
  if (entry === undefined) throw new Error(`${operation.key} has no entry in the matrix`);
  return entry;
}

/** Ids in the formats the routes accept, naming nothing that exists. */
function madeUpIds(): ResourceIds {
  return {
    userId: typeIdGenerator.next('usr'),
    deviceId: typeIdGenerator.next('dev'),
    token: `tok_${'z'.repeat(32)}`,
    accountId: typeIdGenerator.next('acc'),
    counterpartyAccountId: typeIdGenerator.next('acc'),
    transferId: typeIdGenerator.next('trf'),
    pendingId: typeIdGenerator.next('trf'),
    journalEntryId: typeIdGenerator.next('trf'),
    name: 'matrix.transfer',
    disputeId: typeIdGenerator.next('dsp'),
    leafId: typeIdGenerator.next('aud'),
    provider: 'stripe',
  };
}

function isProblem(response: HarnessResponse, status: number): boolean {
  return (
    response.status === status &&
    response.headers.get('content-type') === PROBLEM_MEDIA_TYPE &&
    response.body?.status === status
  );
}

function summary(operation: OpenApiOperation, response: HarnessResponse): string {
  return `${operation.key} → ${response.status} ${String(response.body?.type ?? response.text.slice(0, 120))}`;
}

if (MATRIX_BACKENDS.length === 0) {
  describe.skip('authorization matrix (neither memory nor PGlite is selected)', () => {
    it('runs on memory and PGlite only', () => undefined);
  });
}

for (const backend of MATRIX_BACKENDS) {
  describe(`authorization of every secured operation on ${backend.name}`, () => {
    let harness: HttpHarness;
    let operations: readonly OpenApiOperation[];
    let secured: readonly OpenApiOperation[];
    /** The harness tenant's records, for the isolation column. */
    let tenantIds: ResourceIds;
    const roleUsers = new Map<string, { user: HarnessUser; tenant: string }>();
    let owner: HarnessUser;
    let revoked: HarnessUser;
    let stranger: HarnessUser;

    // A request of the operation with `ids` in its path, body and query, as `token` (if any).
    const send = (
      operation: OpenApiOperation,
      ids: ResourceIds,
      authorization: { token?: string; header?: string },
    ) => {
      const entry = entryOf(operation);
      const query = entry.query?.(ids);
      const path = `${pathWith(operation, ids as unknown as Record<string, string>)}${
        query === undefined ? '' : `?${new URLSearchParams(query).toString()}`
      }`;
      // A POST or PUT always carries JSON: the media-type check comes before authentication.
      const body =
        operation.method === 'POST' || operation.method === 'PUT'
          ? (entry.body?.(ids) ?? {})
          : undefined;
      return harness.request(operation.method, path, {
        ...(authorization.token === undefined ? {} : { token: authorization.token }),
        ...(authorization.header === undefined
          ? {}
          : { headers: { authorization: authorization.header } }),
        ...(body === undefined ? {} : { body }),
      });
    };

    // A second session of a role's user, for an operation that ends the session it is sent with.
    const freshSession = async (role: string): Promise<string> => {
      const known = roleUsers.get(role);
      if (known === undefined) throw new Error(`no ${role} user`);
      const identity = harness.strongroom.identity;
      if (identity === undefined) throw new Error('identity is configured');
      const session = unwrapOrThrow(
        await identity.login({
          tenantId: unwrapOrThrow(parseTenantId(known.tenant)),
          email: known.user.email,
          password: HARNESS_PASSWORD,
          device: { label: 'matrix' },
          clientAddress: '127.0.0.1',
        }),
      );
      if (session.status !== 'signed_in') throw new Error('matrix users enrol no second factor');
      harness.secrets.add(session.accessToken);
      harness.secrets.add(session.refreshToken);
      return session.accessToken;
    };

    // Every secured operation sent with one credential; the answers that break `expected`.
    const column = async (
      authorization: (operation: OpenApiOperation) => Promise<{ token?: string; header?: string }>,
      ids: () => ResourceIds,
      expected: (operation: OpenApiOperation, response: HarnessResponse) => boolean,
      only: (operation: OpenApiOperation) => boolean = () => true,
    ): Promise<string[]> => {
      const wrong: string[] = [];
      for (const operation of secured.filter(only)) {
        const response = await send(operation, ids(), await authorization(operation));
        if (!expected(operation, response)) wrong.push(summary(operation, response));
      }
      return wrong;
    };

    beforeAll(async () => {
      const house = {
        reserveAccountId: typeIdGenerator.next('acc'),
        feeAccountId: typeIdGenerator.next('acc'),
        lossAccountId: typeIdGenerator.next('acc'),
      };
      harness = await startHttpHarness(
        backend,
        {},
        { houseAccounts: (currency) => (currency === 'USD' ? house : undefined) },
      );
      const served = await servedOpenApi(harness);
      operations = served.operations;
      secured = operations.filter((operation) => operation.secured);

      // The harness tenant's records, made by its admin: what the other tenant must not reach.
      owner = await harness.signUp(['admin'], 'owner');
      const create = async (path: string, body: unknown) => {
        const response = await harness.request('POST', path, { token: owner.accessToken, body });
        if (response.status >= 300)
          throw new Error(`setup: POST ${path} → ${response.status} ${response.text}`);
        return response.body;
      };
      const [accountId, counterpartyAccountId] = [
        typeIdGenerator.next('acc'),
        typeIdGenerator.next('acc'),
      ];
      for (const id of [accountId, counterpartyAccountId, ...Object.values(house)]) {
        await create('/v1/ledger/accounts', {
          ...account(),
          id,
          type: id === accountId ? 'asset' : 'liability',
        });
      }
      const ids = { ...madeUpIds(), accountId, counterpartyAccountId };
      const paid = await create('/v1/ledger/transfers', { ...transfer(ids), amountMinor: '10000' });
      const pending = await create('/v1/ledger/transfers', {
        ...transfer(ids),
        flags: { pending: true },
      });
      const entry = await create(
        '/v1/ledger/journal-entries',
        MATRIX['POST /v1/ledger/journal-entries']?.body?.(ids),
      );
      harness.secrets.add(CARD.pan);
      const card = await create('/v1/vault/cards', CARD);
      const dispute = await create('/v1/disputes', {
        ...(MATRIX['POST /v1/disputes']?.body?.({ ...ids, transferId: paid.id }) as object),
        amountMinor: '10000',
      });
      // No sequencer runs in the harness: integrate the committed leaves, as its worker would.
      while (
        unwrapOrThrow(await harness.strongroom.audit.integrate(harness.tenantId)).integrated > 0
      );
      const audit = await harness.request('GET', '/v1/audit/entries?limit=1', {
        token: owner.accessToken,
      });
      const leafId = /aud_[0-7][0-9a-hjkmnp-tv-z]{25}/.exec(audit.text)?.[0];
      if (leafId === undefined)
        throw new Error(`setup: no audit leaf in ${audit.text.slice(0, 200)}`);
      tenantIds = {
        ...ids,
        userId: owner.userId,
        deviceId: owner.deviceId,
        token: card.token,
        transferId: paid.id,
        pendingId: pending.id,
        journalEntryId: entry.id,
        disputeId: dispute.disputeId,
        leafId,
      };

      // Identity allows three registrations an hour per address and tenant, so each role signs
      // up in a tenant of its own; which tenant does not matter to a permission check.
      for (const role of ROLES) {
        const tenant = `matrix-${role}`;
        roleUsers.set(role, { user: await harness.signUpElsewhere(tenant, [role]), tenant });
      }
      revoked = await harness.signUpElsewhere('matrix-revoked', ['admin']);
      const identity = harness.strongroom.identity;
      if (identity === undefined) throw new Error('identity is configured');
      const principal = unwrapOrThrow(await identity.authenticate(revoked.accessToken));
      unwrapOrThrow(await identity.revokeDevice(principal, revoked.userId, revoked.deviceId));
      stranger = await harness.signUpElsewhere('globex', ['admin']);
    });
    afterAll(() => harness?.close());

    it('has an entry for exactly the secured operations of the document, and the rest are public', () => {
      const securedKeys = secured.map((operation) => operation.key).sort();
      expect(securedKeys).toEqual(Object.keys(MATRIX).sort());
      const publicKeys = operations
        .filter((operation) => !operation.secured)
        .map((operation) => operation.key);
      expect(publicKeys.sort()).toEqual([...PUBLIC].sort());
    });

    const unauthorized = (_operation: OpenApiOperation, response: HarnessResponse) =>
      isProblem(response, 401);

    it('refuses every secured operation without a token (401)', async () => {
      expect(await column(async () => ({}), madeUpIds, unauthorized)).toEqual([]);
    });

    it('refuses every secured operation with a malformed or forged token (401)', async () => {
      const admin = roleUsers.get('admin')?.user.accessToken ?? '';
      const [header, claims] = admin.split('.');
      const forged = `${header}.${claims}.${'A'.repeat(43)}`;
      expect(
        await column(async () => ({ header: 'Bearer not-a-token' }), madeUpIds, unauthorized),
      ).toEqual([]);
      expect(
        await column(async () => ({ header: `Token ${admin}` }), madeUpIds, unauthorized),
      ).toEqual([]);
      expect(await column(async () => ({ token: forged }), madeUpIds, unauthorized)).toEqual([]);
    });

    it('refuses every secured operation with the token of a revoked device (401)', async () => {
      expect(
        await column(async () => ({ token: revoked.accessToken }), madeUpIds, unauthorized),
      ).toEqual([]);
    });

    for (const role of ROLES) {
      it(`lets the ${role} role call exactly the operations its permissions cover (403 for the rest)`, async () => {
        const user = () => {
          const known = roleUsers.get(role);
          if (known === undefined) throw new Error(`no ${role} user`);
          return known.user;
        };
        const wrong = await column(
          async (operation) => ({
            token: entryOf(operation).endsSession ? await freshSession(role) : user().accessToken,
          }),
          madeUpIds,
          (operation, response) => {
            const guard = entryOf(operation).guard;
            if (holds(role, guard))
              return response.status !== 401 && response.status !== 403 && response.status < 500;
            // The refusal names the permission the table gives, so the table matches the route.
            return (
              guard.kind !== 'self' &&
              isProblem(response, 403) &&
              response.body.permission === guard.permission
            );
          },
        );
        expect(wrong).toEqual([]);
        // Nothing in the column ended the role's own session.
        expect(
          (await harness.request('GET', '/v1/identity/me', { token: user().accessToken })).status,
        ).toBe(200);
      });
    }

    it('never lets another tenant’s admin reach this tenant’s records (404 or 403)', async () => {
      const wrong = await column(
        async () => ({ token: stranger.accessToken }),
        () => tenantIds,
        (operation, response) => {
          const refusals = entryOf(operation).byReference ? [403, 404, 422] : [403, 404];
          return refusals.includes(response.status) && isProblem(response, response.status);
        },
        (operation) =>
          entryOf(operation).byReference === true ||
          operation.parameters.some(
            (parameter) => parameter.in === 'path' && !NOT_TENANT_RECORDS.has(parameter.name),
          ),
      );
      expect(wrong).toEqual([]);
      // And nothing it sent changed them: the owner is still signed in, the records still there.
      const read = (path: string) => harness.request('GET', path, { token: owner.accessToken });
      expect((await read('/v1/identity/me')).status).toBe(200);
      expect((await read(`/v1/vault/cards/${tenantIds.token}?purpose=matrix`)).status).toBe(200);
      expect((await read(`/v1/ledger/accounts/${tenantIds.accountId}`)).status).toBe(200);
      expect((await read(`/v1/ledger/transfers/${tenantIds.pendingId}`)).status).toBe(200);
      const dispute = await read(`/v1/disputes/${tenantIds.disputeId}`);
      expect(dispute.body.stagedEvidence).toEqual([]);
    });

    // Last: the fake clock only moves forward, and every token of this harness expires with it.
    it('refuses every secured operation with an expired token (401)', async () => {
      const admin = roleUsers.get('admin')?.user.accessToken ?? '';
      expect((await harness.request('GET', '/v1/identity/me', { token: admin })).status).toBe(200);
      harness.clock.advance(ACCESS_TOKEN_TTL_MS_DEFAULT + ACCESS_TOKEN_LEEWAY_MS_DEFAULT + 1_000);
      expect(await column(async () => ({ token: admin }), madeUpIds, unauthorized)).toEqual([]);
    });
  });
}
