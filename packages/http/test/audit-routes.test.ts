import {
  AUDIT_COLLECTIONS,
  openCheckpoint,
  sequenceRecordId,
  verifyAuditInclusionProof,
  verifyConsistency,
} from '@strongroom/audit';
import { ok, parseTenantId, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem.js';
import { selectedBackends } from './support/http-backends.js';
import type { HarnessUser, HttpHarness } from './support/http-harness.js';
import { startHttpHarness } from './support/http-harness.js';

// Published test card numbers (Stripe's testing documentation): Luhn-valid, never issued.
const VISA = '4242424242424242';
const MASTERCARD = '5555555555554444';
const AMEX = '378282246310005';
const VISA_DEBIT = '4000056655665556';
const UNKNOWN_LEAF = 'aud_01h455vb4pex5vsknk084sn02q';
const HEX_HASH = /^[0-9a-f]{64}$/;

function bytesOfHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

for (const backend of selectedBackends()) {
  describe(`audit routes on ${backend.name}`, () => {
    let harness: HttpHarness;
    let auditor: HarnessUser;
    let operator: HarnessUser;
    let foreignAuditor: HarnessUser;
    const foreignTenant: TenantId = unwrapOrThrow(parseTenantId('initech'));

    // No worker runs in the harness: integrate every committed leaf, as the sequencer would.
    const sequence = async (tenantId: TenantId) => {
      for (let batch = 0; batch < 100; batch += 1) {
        if (unwrapOrThrow(await harness.strongroom.audit.integrate(tenantId)).integrated === 0)
          return;
      }
      throw new Error('the log kept growing while it was being sequenced');
    };
    const get = (path: string, user: HarnessUser = auditor) =>
      harness.request('GET', path, { token: user.accessToken });
    const latest = async () => {
      const response = await get('/v1/audit/checkpoints/latest');
      expect(response.status).toBe(200);
      return response.body as {
        checkpoint: string;
        origin: string;
        treeSize: number;
        rootHash: string;
      };
    };
    // Tokenizes a card through the API with the request id given, and sequences the log.
    const tokenize = async (pan: string, requestId: string) => {
      harness.secrets.add(pan);
      const response = await harness.request('POST', '/v1/vault/cards', {
        token: operator.accessToken,
        headers: { 'x-request-id': requestId },
        body: { pan, expiryMonth: 11, expiryYear: 2031, cardholderName: 'Grace Hopper' },
      });
      expect(response.status).toBe(201);
      await sequence(harness.tenantId);
      return response.body.token as string;
    };
    // The entry of the last leaf a request caused, found among the newest entries of the log.
    const entryOfRequest = async (requestId: string) => {
      const { treeSize } = await latest();
      const page = await get(`/v1/audit/entries?from=${Math.max(0, treeSize - 100)}&limit=100`);
      expect(page.status).toBe(200);
      const found = (
        page.body.entries as { index: number; entry: { id: string; requestId: string } }[]
      ).findLast((item) => item.entry.requestId === requestId);
      if (found === undefined) throw new Error(`no entry carries request id ${requestId}`);
      return found;
    };

    beforeAll(async () => {
      harness = await startHttpHarness(backend);
      // One at a time: identity allows three registrations an hour per address and tenant.
      auditor = await harness.signUp(['auditor'], 'auditor');
      operator = await harness.signUp(['operator'], 'operator');
      foreignAuditor = await harness.signUpElsewhere('initech', ['auditor']);
    });
    afterAll(() => harness.close());

    it('has no checkpoint before the first leaf is sequenced', async () => {
      const response = await get('/v1/audit/checkpoints/latest', foreignAuditor);
      expectProblem(response, 404, 'audit.checkpoint_not_found');
    });

    it('lists the entry of an API action with the request id the client sent', async () => {
      const token = await tokenize(VISA, 'audit-trail-0001');
      const found = await entryOfRequest('audit-trail-0001');
      expect(found.entry).toEqual({
        formatVersion: 1,
        id: expect.stringMatching(/^aud_[0-9a-z]{26}$/),
        timestamp: harness.clock.now().toISOString(),
        actor: { type: 'user', id: operator.userId },
        action: 'vault.card.tokenized',
        resource: { type: 'vault.card_token', id: token },
        outcome: 'succeeded',
        requestId: 'audit-trail-0001',
        correlationId: 'audit-trail-0001',
        details: expect.any(Object),
        personal: null,
      });
      const { treeSize } = await latest();
      expect(found.index).toBeLessThan(treeSize);

      const byId = await get(`/v1/audit/entries/${found.entry.id}`);
      expect(byId.status).toBe(200);
      expect(byId.body).toEqual(found);
    });

    it('pages through the entries in tree order', async () => {
      await tokenize(MASTERCARD, 'audit-trail-0002');
      const { treeSize } = await latest();
      const first = await get('/v1/audit/entries?limit=2');
      expect(first.status).toBe(200);
      expect(first.body.entries.map((item: { index: number }) => item.index)).toEqual([0, 1]);
      expect(first.body.next).toBe(2);
      const last = await get(`/v1/audit/entries?from=${treeSize - 1}&limit=5`);
      expect(last.body.entries).toHaveLength(1);
      expect(last.body.entries[0].index).toBe(treeSize - 1);
      expect(last.body.next).toBeNull();
      const beyond = await get(`/v1/audit/entries?from=${treeSize}`);
      expect(beyond.body).toEqual({ entries: [], next: null });
      for (const bad of ['limit=0', 'limit=101', 'from=-1', 'from=abc', 'cursor=x']) {
        expectProblem(await get(`/v1/audit/entries?${bad}`), 400, 'request.invalid');
      }
    });

    it('serves an inclusion proof that verifies against the signed checkpoint’s root', async () => {
      await tokenize(AMEX, 'audit-trail-0003');
      const found = await entryOfRequest('audit-trail-0003');
      const leafId = found.entry.id;
      const checkpoint = await latest();
      const verifiers = harness.strongroom.audit
        .signers(harness.tenantId)
        .map((signer) => signer.verifier);
      const opened = unwrapOrThrow(openCheckpoint(checkpoint.checkpoint, verifiers));
      expect(checkpoint).toEqual({
        checkpoint: checkpoint.checkpoint,
        origin: harness.strongroom.audit.origin(harness.tenantId),
        treeSize: opened.treeSize,
        rootHash: Buffer.from(opened.rootHash).toString('hex'),
      });

      const response = await get(
        `/v1/audit/entries/${leafId}/inclusion-proof?treeSize=${opened.treeSize}`,
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        leafId,
        index: found.index,
        treeSize: opened.treeSize,
        leaf: expect.any(String),
        proof: expect.any(Array),
      });
      expect(JSON.parse(response.body.leaf)).toEqual(found.entry);
      for (const hash of response.body.proof) expect(hash).toMatch(HEX_HASH);
      expect(verifyAuditInclusionProof(response.body, opened.rootHash).isOk()).toBe(true);
      // The check is real: an edited leaf no longer verifies.
      const edited = { ...response.body, leaf: response.body.leaf.replace('succeeded', 'failed') };
      expect(verifyAuditInclusionProof(edited, opened.rootHash).isErr()).toBe(true);

      const atLatest = await get(`/v1/audit/entries/${leafId}/inclusion-proof`);
      expect(atLatest.body).toEqual(response.body);
    });

    it('serves a consistency proof between two checkpoints that verifies', async () => {
      const older = await latest();
      await tokenize(VISA_DEBIT, 'audit-trail-0004');
      const newer = await latest();
      expect(newer.treeSize).toBeGreaterThan(older.treeSize);
      const response = await get(
        `/v1/audit/consistency-proof?from=${older.treeSize}&to=${newer.treeSize}`,
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        from: older.treeSize,
        to: newer.treeSize,
        proof: expect.any(Array),
      });
      const input = {
        size1: older.treeSize,
        size2: newer.treeSize,
        proof: response.body.proof.map(bytesOfHex),
        root1: bytesOfHex(older.rootHash),
        root2: bytesOfHex(newer.rootHash),
      };
      expect(verifyConsistency(input).isOk()).toBe(true);
      expect(verifyConsistency({ ...input, root1: bytesOfHex(newer.rootHash) }).isErr()).toBe(true);
      const same = await get(
        `/v1/audit/consistency-proof?from=${newer.treeSize}&to=${newer.treeSize}`,
      );
      expect(same.body).toEqual({ from: newer.treeSize, to: newer.treeSize, proof: [] });
    });

    // PCI DSS v4.0 10.2.1.3: every access to the audit logs is itself captured.
    it('records every read of the log as an audit.log.accessed leaf naming the reader and the read', async () => {
      // The first case's entry: a leaf to read and prove.
      const tokenized = await entryOfRequest('audit-trail-0001');
      const { treeSize } = await latest();
      const reads: [string, string, Record<string, unknown>][] = [
        [
          'GET',
          '/v1/audit/entries?from=0&limit=3',
          { operation: 'entries.list', from: 0, limit: 3 },
        ],
        [
          'GET',
          `/v1/audit/entries/${tokenized.entry.id}`,
          { operation: 'entry.read', leafId: tokenized.entry.id },
        ],
        [
          'GET',
          `/v1/audit/entries/${tokenized.entry.id}/inclusion-proof?treeSize=${treeSize}`,
          { operation: 'proof.inclusion', leafId: tokenized.entry.id, treeSize },
        ],
        [
          'GET',
          `/v1/audit/consistency-proof?from=1&to=${treeSize}`,
          { operation: 'proof.consistency', from: 1, to: treeSize },
        ],
        ['GET', '/v1/audit/checkpoints/latest', { operation: 'checkpoint.read' }],
        ['POST', '/v1/audit/verification', { operation: 'log.verify' }],
      ];
      for (const [index, [method, path]] of reads.entries()) {
        const response = await harness.request(method, path, {
          token: auditor.accessToken,
          headers: { 'x-request-id': `audit-read-${index}` },
          ...(method === 'POST' ? { body: {} } : {}),
        });
        expect(response.status).toBe(200);
      }
      await sequence(harness.tenantId);
      for (const [index, [, , details]] of reads.entries()) {
        const found = await entryOfRequest(`audit-read-${index}`);
        expect(found.entry).toMatchObject({
          actor: { type: 'user', id: auditor.userId },
          action: 'audit.log.accessed',
          resource: { type: 'audit.log', id: harness.tenantId },
          outcome: 'succeeded',
          details,
        });
      }
    });

    it('refuses bad tree sizes with 400 or 422, never 500', async () => {
      const { treeSize } = await latest();
      const { entry } = await entryOfRequest('audit-trail-0001');
      const leafId = entry.id;
      for (const bad of ['0', '-1', 'abc', '1.5', '99999999999999999999']) {
        const response = await get(`/v1/audit/entries/${leafId}/inclusion-proof?treeSize=${bad}`);
        expectProblem(response, 400, 'request.invalid');
      }
      const beyond = await get(
        `/v1/audit/entries/${leafId}/inclusion-proof?treeSize=${treeSize + 1}`,
      );
      expectProblem(beyond, 422, 'audit.invalid_proof_request');
      expect(beyond.body.reason).toBe('size_beyond_tree');
      for (const bad of ['from=0&to=1', 'from=1', 'to=2', 'from=x&to=2']) {
        expectProblem(await get(`/v1/audit/consistency-proof?${bad}`), 400, 'request.invalid');
      }
      const reversed = await get(`/v1/audit/consistency-proof?from=2&to=1`);
      expectProblem(reversed, 422, 'audit.invalid_proof_request');
      expect(reversed.body.reason).toBe('sizes_out_of_order');
      const tooLarge = await get(`/v1/audit/consistency-proof?from=1&to=${treeSize + 1}`);
      expectProblem(tooLarge, 422, 'audit.invalid_proof_request');
    });

    it('answers 404 for an unknown leaf or another tenant’s, and 400 for a malformed id', async () => {
      expectProblem(await get(`/v1/audit/entries/${UNKNOWN_LEAF}`), 404, 'audit.unknown_leaf');
      expectProblem(
        await get(`/v1/audit/entries/${UNKNOWN_LEAF}/inclusion-proof`),
        404,
        'audit.unknown_leaf',
      );
      expectProblem(await get('/v1/audit/entries/aud_nope'), 400, 'request.invalid');
      const { entry } = await entryOfRequest('audit-trail-0001');
      const leafId = entry.id;
      await sequence(foreignTenant);
      expectProblem(
        await get(`/v1/audit/entries/${leafId}`, foreignAuditor),
        404,
        'audit.unknown_leaf',
      );
      const foreignPage = await get('/v1/audit/entries?limit=100', foreignAuditor);
      expect(foreignPage.status).toBe(200);
      expect(foreignPage.body.entries.length).toBeGreaterThan(0);
      const requestIds = foreignPage.body.entries.map(
        (item: { entry: { requestId: string | null } }) => item.entry.requestId,
      );
      expect(requestIds.filter((id: string | null) => id?.startsWith('audit-trail-'))).toEqual([]);
    });

    it('refuses a caller without a token (401) or without audit permissions (403)', async () => {
      const routes: [string, string][] = [
        ['GET', '/v1/audit/entries'],
        ['GET', `/v1/audit/entries/${UNKNOWN_LEAF}`],
        ['GET', `/v1/audit/entries/${UNKNOWN_LEAF}/inclusion-proof`],
        ['GET', '/v1/audit/consistency-proof?from=1&to=2'],
        ['GET', '/v1/audit/checkpoints/latest'],
        ['POST', '/v1/audit/verification'],
      ];
      for (const [method, path] of routes) {
        const body = method === 'POST' ? {} : undefined;
        expectProblem(await harness.request(method, path, { body }), 401, 'auth.token_missing');
        const refused = await harness.request(method, path, { token: operator.accessToken, body });
        expectProblem(refused, 403, 'auth.permission_denied');
        expect(refused.body.permission).toBe(method === 'POST' ? 'audit.verify' : 'audit.read');
      }
    });

    it('verifies the tenant’s log, also against a checkpoint trusted earlier', async () => {
      const checkpoint = await latest();
      const response = await harness.request('POST', '/v1/audit/verification', {
        token: auditor.accessToken,
        body: {},
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        verified: true,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
      });
      const trusted = await harness.request('POST', '/v1/audit/verification', {
        token: auditor.accessToken,
        body: { trustedCheckpoint: checkpoint.checkpoint },
      });
      expect(trusted.body).toEqual(response.body);
      const unknownField = await harness.request('POST', '/v1/audit/verification', {
        token: auditor.accessToken,
        body: { trusted: true },
      });
      expectProblem(unknownField, 400, 'request.invalid');
    });

    it('answers a log edited in the database with 422 audit.verification_failed', async () => {
      await sequence(foreignTenant);
      // An insider rewrites the first entry of the other tenant's log directly in storage.
      unwrapOrThrow(
        await harness.strongroom.storage.transaction(foreignTenant, async (tx) => {
          const first = await tx.records.get(AUDIT_COLLECTIONS.entries, sequenceRecordId(0));
          if (first === undefined) throw new Error('the log has a first entry');
          const original = String(first.data['leaf']);
          const leaf = original.replace('"outcome":"succeeded"', '"outcome":"denied"');
          expect(leaf).not.toBe(original);
          await tx.records.put({
            ...first,
            data: { ...first.data, leaf },
            expectedVersion: first.version,
          });
          return ok(undefined);
        }),
      );
      const response = await harness.request('POST', '/v1/audit/verification', {
        token: foreignAuditor.accessToken,
        body: {},
      });
      expectProblem(response, 422, 'audit.verification_failed');
      expect(response.body).toMatchObject({ reason: 'entry_mismatch', firstBadIndex: 0 });
      // The harness tenant's log is untouched.
      const own = await harness.request('POST', '/v1/audit/verification', {
        token: auditor.accessToken,
        body: {},
      });
      expect(own.status).toBe(200);
    });
  });
}
