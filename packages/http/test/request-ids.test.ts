import { ok, unwrapOrThrow } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from './support/http-backends.js';
import { type HarnessUser, type HttpHarness, startHttpHarness } from './support/http-harness.js';

for (const backend of selectedBackends()) {
  describe(`request and correlation ids on ${backend.name}`, () => {
    let harness: HttpHarness;
    let operator: HarnessUser;
    beforeAll(async () => {
      harness = await startHttpHarness(backend);
      operator = await harness.signUp(['operator', 'auditor'], 'operator');
    });
    afterAll(() => harness.close());

    it('flow from the request into the transfer’s audit entry and its outbox event', async () => {
      const ids = harness.strongroom.ids;
      const [bank, wallet] = [ids.next('acc'), ids.next('acc')];
      const accounts = await harness.request('POST', '/v1/ledger/accounts/batch', {
        token: operator.accessToken,
        body: {
          accounts: [
            { id: bank, currency: 'USD', code: 1, name: 'Bank', type: 'asset' },
            { id: wallet, currency: 'USD', code: 2, name: 'Wallet', type: 'liability' },
          ],
        },
      });
      expect(accounts.status).toBe(200);
      const transferId = ids.next('trf');
      const created = await harness.request('POST', '/v1/ledger/transfers', {
        token: operator.accessToken,
        headers: { 'x-request-id': 'req-ids-transfer-01', 'x-correlation-id': 'journey-ids-42' },
        body: {
          id: transferId,
          debitAccountId: bank,
          creditAccountId: wallet,
          amountMinor: '2500',
          currency: 'USD',
          code: 7,
        },
      });
      expect(created.status).toBe(201);

      unwrapOrThrow(await harness.strongroom.audit.integrate(harness.tenantId));
      const entries = unwrapOrThrow(
        await harness.strongroom.audit.entries(harness.tenantId, 0, 100),
      );
      const transferEntry = entries
        .map((entry) => JSON.parse(entry.leaf) as Record<string, unknown>)
        .find((entry) => entry['requestId'] === 'req-ids-transfer-01');
      expect(transferEntry).toMatchObject({
        correlationId: 'journey-ids-42',
        actor: { type: 'user', id: operator.userId },
      });

      const outbox = unwrapOrThrow(
        await harness.strongroom.storage.transaction(harness.tenantId, async (tx) =>
          ok(await tx.outbox.list({ limit: 100 })),
        ),
      );
      const event = outbox.items.find(
        (item) =>
          item.type === 'ledger.transfer.created' &&
          JSON.stringify(item.payload).includes(transferId),
      );
      expect(event?.correlationId).toBe('journey-ids-42');
    });
  });
}
