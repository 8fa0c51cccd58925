import { createInProcessPublisher, NO_METADATA, type Projection } from '@strongroom/events';
import { IDENTITY_COLLECTIONS, type IdentityMessage } from '@strongroom/identity';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import {
  type EventEnvelope,
  errAsync,
  FakeClock,
  infrastructureError,
  ok,
  parseTenantId,
  type Storage,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  generateSoftwareKeyring,
} from '@strongroom/vault';
import { describe, expect, it } from 'vitest';
import {
  createStrongroom,
  type Strongroom,
  type StrongroomOptions,
  type WorkerJob,
} from '../src/index.js';

const START = new Date('2026-05-01T12:00:00.000Z');
const DAY_MS = 86_400_000;
const tenantId = unwrapOrThrow(parseTenantId('acme'));

const secret = (fill: number) =>
  JSON.stringify({ versions: [{ version: 1, value: Buffer.alloc(32, fill).toString('base64') }] });

function baseOptions(clock: FakeClock, storage: Storage = createMemoryStorage()) {
  return {
    storage,
    clock,
    audit: {
      signing: { originPrefix: 'audit.example.com', masterSeeds: [new Uint8Array(32).fill(1)] },
    },
    vault: {
      kms: createSoftwareKms({ keyring: generateSoftwareKeyring(['cards', 'fields'], clock) }),
      secrets: createEnvironmentSecretProvider({
        STRONGROOM_SECRET_CARD_FINGERPRINT: secret(2),
        STRONGROOM_SECRET_BLIND_INDEX: secret(3),
      }),
    },
  } satisfies StrongroomOptions;
}

/** Opens a USD asset (cash) and liability (wallet) account; returns their ids. */
async function openAccounts(strongroom: Strongroom) {
  const [cash, wallet] = [strongroom.ids.next('acc'), strongroom.ids.next('acc')];
  unwrapOrThrow(
    await strongroom.ledger.createAccounts(tenantId, [
      { id: cash, currency: 'USD', code: 1, name: 'Cash', type: 'asset' },
      { id: wallet, currency: 'USD', code: 2, name: 'Wallet', type: 'liability' },
    ]),
  );
  return { cash, wallet };
}

async function transfer(strongroom: Strongroom, fields: { timeoutMs?: number } = {}) {
  const { cash, wallet } = await openAccounts(strongroom);
  const id = strongroom.ids.next('trf');
  const created = unwrapOrThrow(
    await strongroom.ledger.createTransfer(tenantId, {
      kind: 'transfer',
      transfer: {
        id,
        debitAccountId: cash,
        creditAccountId: wallet,
        amountMinor: 2500n,
        currency: 'USD',
        code: 1,
        ...(fields.timeoutMs === undefined
          ? {}
          : { flags: { pending: true }, timeoutMs: fields.timeoutMs }),
      },
    }),
  );
  expect(created.status).toBe('created');
  return { id, cash, wallet };
}

/** The tree size of the tenant's latest checkpoint (line 2 of the C2SP note), 0 before any. */
async function checkpointSize(strongroom: Strongroom, tenant: TenantId = tenantId) {
  const note = unwrapOrThrow(await strongroom.audit.latestCheckpoint(tenant));
  return note === null ? 0 : Number(note.split('\n')[1]);
}

/** The real storage, answering every transaction with an infrastructure fault while `failing()`. */
function faultyStorage(storage: Storage, failing: () => boolean): Storage {
  const fault = infrastructureError({
    retryable: true,
    operation: 'memory.transaction',
    message: 'injected fault',
  });
  return {
    ...storage,
    transaction: (tenant, fn, transactionOptions) =>
      failing() ? errAsync(fault) : storage.transaction(tenant, fn, transactionOptions),
  };
}

/**
 * Two facades of one deployment on one storage and clock (two processes, or two invocations of a
 * Lambda), and an in-process publisher that records the types of the events it receives.
 */
function twoProcesses() {
  const clock = new FakeClock(START);
  const storage = createMemoryStorage();
  const first = createStrongroom(baseOptions(clock, storage));
  const second = createStrongroom(baseOptions(clock, storage));
  const publisher = createInProcessPublisher();
  const received: string[] = [];
  publisher.subscribe((event) => {
    received.push(event.type);
  });
  return { first, second, publisher, received };
}

async function outboxTypes(strongroom: Strongroom) {
  const listed = await strongroom.storage.transaction(tenantId, async (tx) =>
    ok(await tx.outbox.list({ limit: 100 })),
  );
  return unwrapOrThrow(listed).items.map((event) => event.type);
}

async function recordCount(strongroom: Strongroom, collection: string) {
  const listed = await strongroom.storage.transaction(tenantId, async (tx) =>
    ok(await tx.records.list(collection, { limit: 100 })),
  );
  return unwrapOrThrow(listed).items.length;
}

/** Counts `order.*` events into one record, in the runner's transaction. */
const orderCounter: Projection = {
  name: 'order_counter',
  eventTypes: ['order.placed'],
  collections: ['test.order_counts'],
  async apply(tx) {
    const current = await tx.records.get('test.order_counts', 'all');
    await tx.records.put({
      collection: 'test.order_counts',
      id: 'all',
      data: { count: ((current?.data['count'] as number | undefined) ?? 0) + 1 },
      expectedVersion: current?.version ?? 0,
    });
  },
};

async function placeOrders(strongroom: Strongroom, count: number) {
  const appended = await strongroom.storage.transaction(tenantId, (tx) =>
    strongroom.events.appendToStream(
      tx,
      'order-1',
      Array.from({ length: count }, (_, index) => ({
        type: 'order.placed',
        payload: { line: index },
      })),
      { expectedVersion: 'any', metadata: NO_METADATA },
    ),
  );
  unwrapOrThrow(appended);
}

describe('strongroom.worker.start', () => {
  it('sequences a transfer’s audit leaf in the background, without anyone calling integrate', async () => {
    const strongroom = createStrongroom(baseOptions(new FakeClock(START)));
    const worker = strongroom.worker.start({
      tenants: () => [tenantId],
      jobs: ['audit_sequencer'],
      intervalsMs: { audit_sequencer: 5 },
    });
    expect(worker.jobs).toEqual(['audit_sequencer']);
    await transfer(strongroom);
    // Two leaves: the accounts' creation and the transfer.
    await expect.poll(() => checkpointSize(strongroom), { timeout: 10_000 }).toBe(2);
    // A leaf appended now is sequenced by the worker too: the proof exists before anyone waits.
    const receipt = await strongroom.storage.transaction(tenantId, (tx) =>
      strongroom.audit.append(tx, {
        actor: { type: 'user', id: 'usr_1' },
        action: 'ledger.account.viewed',
        resource: { type: 'account', id: 'acc_1' },
        outcome: 'succeeded',
      }),
    );
    const { leafId } = unwrapOrThrow(receipt);
    await expect
      .poll(async () => (await strongroom.audit.inclusionProof(tenantId, leafId)).isOk(), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(unwrapOrThrow(await strongroom.audit.waitForSequencing(tenantId, leafId))).toEqual({
      leafId,
      index: 2,
    });
    expect(unwrapOrThrow(await strongroom.audit.verify(tenantId)).treeSize).toBe(3);
    await worker.stop();
    await strongroom.close();
  });

  it('relays a transfer’s outbox event to an in-process publisher', async () => {
    const strongroom = createStrongroom(baseOptions(new FakeClock(START)));
    const publisher = createInProcessPublisher();
    const received: EventEnvelope[] = [];
    publisher.subscribe((event) => {
      received.push(event);
    });
    const worker = strongroom.worker.start({
      tenants: () => [tenantId],
      publisher,
      intervalsMs: { outbox_relay: 5 },
    });
    expect(worker.jobs).toContain('outbox_relay');
    expect(worker.jobs).not.toContain('projections');
    expect(worker.jobs).not.toContain('dispute_deadline_sweep');
    expect(worker.jobs).not.toContain('identity_purge');
    const { id } = await transfer(strongroom);
    await expect
      .poll(() => received.map((event) => event.type), { timeout: 10_000 })
      .toContain('ledger.transfer.created');
    const event = received.find((each) => each.type === 'ledger.transfer.created');
    expect(event).toMatchObject({ tenantId, payload: { transferId: id } });
    await expect.poll(() => outboxTypes(strongroom), { timeout: 10_000 }).toEqual([]);
    await worker.stop();
    await strongroom.close();
  });

  it('stops gracefully: once the loops end nothing more is done, and stop() again answers the same', async () => {
    const strongroom = createStrongroom(baseOptions(new FakeClock(START)));
    const worker = strongroom.worker.start({
      tenants: () => [tenantId],
      jobs: ['audit_sequencer'],
      intervalsMs: { audit_sequencer: 5 },
    });
    await transfer(strongroom);
    await expect.poll(() => checkpointSize(strongroom), { timeout: 10_000 }).toBe(2);
    const stopping = worker.stop();
    expect(worker.stop()).toBe(stopping);
    await stopping;
    await worker.stop();
    await transfer(strongroom);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await checkpointSize(strongroom)).toBe(2);
    await strongroom.close();
  });

  it('hands the relay lease over when it stops, so another process relays at once', async () => {
    const { first, second, publisher, received } = twoProcesses();
    const worker = first.worker.start({
      tenants: () => [tenantId],
      publisher,
      jobs: ['outbox_relay'],
      intervalsMs: { outbox_relay: 5 },
    });
    await openAccounts(first);
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
    await worker.stop();
    await transfer(second);
    await second.worker.runOnce(tenantId, { publisher, jobs: ['outbox_relay'] });
    expect(received.at(-1)).toBe('ledger.transfer.created');
    await first.close();
    await second.close();
  });

  it('is stopped by close() before the storage is released', async () => {
    const clock = new FakeClock(START);
    const options = baseOptions(clock);
    let closedStorage = false;
    const rounds: number[] = [];
    const strongroom = createStrongroom({
      ...options,
      storage: {
        ...options.storage,
        close: async () => {
          closedStorage = true;
          await options.storage.close();
        },
      },
    });
    strongroom.worker.start({
      tenants: () => {
        // A round after the storage closed would use a closed storage (an assertion on memory).
        expect(closedStorage).toBe(false);
        rounds.push(Date.now());
        return [tenantId];
      },
      intervalsMs: { audit_sequencer: 5, event_sequencer: 5 },
    });
    await expect.poll(() => rounds.length, { timeout: 10_000 }).toBeGreaterThan(4);
    await strongroom.close();
    expect(closedStorage).toBe(true);
    const after = rounds.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rounds.length).toBe(after);
    expect(() => strongroom.worker.start({ tenants: () => [tenantId] })).toThrow(/closed/);
  });

  it('hands a failing job’s error to onFailure, keeps the other jobs running, and rejects stop() with it', async () => {
    const strongroom = createStrongroom(baseOptions(new FakeClock(START)));
    const failures: { job: WorkerJob; error: unknown }[] = [];
    const broken = new Error('projection bug');
    const worker = strongroom.worker.start({
      tenants: () => [tenantId],
      projections: [
        {
          ...orderCounter,
          async apply() {
            throw broken;
          },
        },
      ],
      jobs: ['event_sequencer', 'projections', 'audit_sequencer'],
      intervalsMs: { event_sequencer: 5, projections: 5, audit_sequencer: 5 },
      onFailure: (job, error) => failures.push({ job, error }),
    });
    await placeOrders(strongroom, 1);
    await expect.poll(() => failures.length, { timeout: 10_000 }).toBe(1);
    expect(failures[0]).toEqual({ job: 'projections', error: broken });
    // The audit sequencer goes on after the projections' loop died.
    await transfer(strongroom);
    await expect.poll(() => checkpointSize(strongroom), { timeout: 10_000 }).toBe(2);
    await expect(worker.stop()).rejects.toBe(broken);
    await expect(worker.stop()).rejects.toBe(broken);
    expect(failures).toHaveLength(1);
    await strongroom.close();
  });

  it('makes close() reject with a worker’s failure after releasing everything', async () => {
    const options = baseOptions(new FakeClock(START));
    let closedStorage = false;
    const strongroom = createStrongroom({
      ...options,
      storage: {
        ...options.storage,
        close: async () => {
          closedStorage = true;
          await options.storage.close();
        },
      },
    });
    const broken = new Error('tenant directory down');
    let failures = 0;
    strongroom.worker.start({
      tenants: () => {
        throw broken;
      },
      jobs: ['audit_sequencer'],
      onFailure: () => {
        failures += 1;
      },
    });
    await expect.poll(() => failures, { timeout: 10_000 }).toBe(1);
    await expect(strongroom.close()).rejects.toBe(broken);
    expect(closedStorage).toBe(true);
  });

  it('reports operating errors to onError and goes on', async () => {
    const options = baseOptions(new FakeClock(START));
    let failing = false;
    const storage = faultyStorage(options.storage, () => failing);
    const strongroom = createStrongroom({ ...options, storage });
    await transfer(strongroom);
    const reported: { job: WorkerJob; tenantId: TenantId; type: string }[] = [];
    failing = true;
    const worker = strongroom.worker.start({
      tenants: () => [tenantId],
      jobs: ['audit_sequencer', 'ledger_expiry_sweep'],
      intervalsMs: { audit_sequencer: 5, ledger_expiry_sweep: 5 },
      onError: (job, tenant, error) => reported.push({ job, tenantId: tenant, type: error.type }),
    });
    await expect
      .poll(() => new Set(reported.map((each) => each.job)).size, { timeout: 10_000 })
      .toBe(2);
    expect(reported).toContainEqual({ job: 'audit_sequencer', tenantId, type: 'infrastructure' });
    expect(reported).toContainEqual({
      job: 'ledger_expiry_sweep',
      tenantId,
      type: 'infrastructure',
    });
    // Once the fault clears the same loops do the work.
    failing = false;
    await expect.poll(() => checkpointSize(strongroom), { timeout: 10_000 }).toBe(2);
    await worker.stop();
    await strongroom.close();
  });

  it('refuses jobs the facade or the options cannot run, starting none', async () => {
    const strongroom = createStrongroom(baseOptions(new FakeClock(START)));
    const tenants = () => [tenantId];
    expect(() => strongroom.worker.start({ tenants, jobs: ['outbox_relay'] })).toThrow(
      /outbox_relay needs a publisher/,
    );
    expect(() => strongroom.worker.start({ tenants, jobs: ['dispute_deadline_sweep'] })).toThrow(
      /disputes options/,
    );
    expect(() => strongroom.worker.start({ tenants, jobs: ['identity_purge'] })).toThrow(
      /identity options/,
    );
    expect(() => strongroom.worker.start({ tenants, jobs: [] })).toThrow(/at least one job/);
    expect(() => strongroom.worker.start({ tenants, intervalsMs: { event_sequencer: 0 } })).toThrow(
      /event_sequencer interval/,
    );
    expect(() =>
      strongroom.worker.start({ tenants, projections: [orderCounter, orderCounter] }),
    ).toThrow(/unique names/);
    await strongroom.close();
  });
});

describe('strongroom.worker.runOnce', () => {
  it('releases an expired pending transfer after a fake-clock advance, audits and publishes it in the same round', async () => {
    const clock = new FakeClock(START);
    const strongroom = createStrongroom(baseOptions(clock));
    const { id, cash } = await transfer(strongroom, { timeoutMs: 60_000 });
    const publisher = createInProcessPublisher();
    const received: string[] = [];
    publisher.subscribe((event) => {
      received.push(event.type);
    });

    const early = await strongroom.worker.runOnce(tenantId, { publisher });
    expect(early.jobs.map((round) => round.job)).toEqual([
      'ledger_expiry_sweep',
      'card_data_sweep',
      'audit_sequencer',
      'event_sequencer',
      'outbox_relay',
    ]);
    expect(early.jobs.every((round) => !round.more && round.errors.length === 0)).toBe(true);
    const [pending] = unwrapOrThrow(await strongroom.ledger.lookupTransfers(tenantId, [id]));
    expect(pending?.pendingStatus).toBe('pending');
    expect(received).toEqual([
      'ledger.account.created',
      'ledger.account.created',
      'ledger.transfer.created',
    ]);

    clock.advance(60_001);
    const round = await strongroom.worker.runOnce(tenantId, { publisher });
    expect(round.tenantId).toBe(tenantId);
    expect(round.jobs.find((each) => each.job === 'ledger_expiry_sweep')).toEqual({
      job: 'ledger_expiry_sweep',
      units: 1,
      more: false,
      errors: [],
    });
    const [expired] = unwrapOrThrow(await strongroom.ledger.lookupTransfers(tenantId, [id]));
    expect(expired?.pendingStatus).toBe('expired');
    const [account] = unwrapOrThrow(await strongroom.ledger.lookupAccounts(tenantId, [cash]));
    expect(account?.balances.debitsPending).toBe(0n);
    expect(await checkpointSize(strongroom)).toBe(3);
    expect(received.at(-1)).toBe('ledger.transfer.expired');
    expect(await outboxTypes(strongroom)).toEqual([]);
    await strongroom.close();
  });

  it('hands the relay lease over at the end of a round, so a round elsewhere relays at once', async () => {
    const { first, second, publisher, received } = twoProcesses();
    await openAccounts(first);
    await first.worker.runOnce(tenantId, { publisher, jobs: ['outbox_relay'] });
    expect(received).toEqual(['ledger.account.created', 'ledger.account.created']);
    // Another instance (a Lambda's next invocation) a moment later, the clock not advanced.
    await transfer(second);
    const round = await second.worker.runOnce(tenantId, { publisher, jobs: ['outbox_relay'] });
    expect(round.jobs).toEqual([{ job: 'outbox_relay', units: 2, more: false, errors: [] }]);
    expect(received.at(-1)).toBe('ledger.transfer.created');
    await first.close();
    await second.close();
  });

  it('sequences events and feeds projections', async () => {
    const strongroom = createStrongroom(baseOptions(new FakeClock(START)));
    await placeOrders(strongroom, 3);
    const round = await strongroom.worker.runOnce(tenantId, {
      projections: [orderCounter],
      jobs: ['event_sequencer', 'projections'],
    });
    expect(round.jobs).toEqual([
      { job: 'event_sequencer', units: 2, more: false, errors: [] },
      { job: 'projections', units: 2, more: false, errors: [] },
    ]);
    const counted = await strongroom.storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.get('test.order_counts', 'all')),
    );
    expect(unwrapOrThrow(counted)?.data).toEqual({ count: 3 });
    await strongroom.close();
  });

  it('expires an overdue chargeback when disputes are configured', async () => {
    const clock = new FakeClock(START);
    const house = { reserve: '', fees: '', losses: '' };
    const strongroom = createStrongroom({
      ...baseOptions(clock),
      disputes: {
        houseAccounts: (currency) =>
          currency === 'USD'
            ? {
                reserveAccountId: house.reserve as never,
                feeAccountId: house.fees as never,
                lossAccountId: house.losses as never,
              }
            : undefined,
      },
    });
    const disputes = strongroom.disputes;
    if (disputes === undefined) throw new Error('disputes were configured');
    const [reserve, fees, losses] = [1, 2, 3].map(() => strongroom.ids.next('acc'));
    if (!reserve || !fees || !losses) throw new Error('three ids');
    Object.assign(house, { reserve, fees, losses });
    unwrapOrThrow(
      await strongroom.ledger.createAccounts(
        tenantId,
        [reserve, fees, losses].map((id, index) => ({
          id,
          currency: 'USD',
          code: 1,
          name: `House ${index}`,
          type: 'liability' as const,
        })),
      ),
    );
    const { id: payment, wallet: merchant } = await transfer(strongroom);
    const disputeId = disputes.newDisputeId();
    unwrapOrThrow(
      await disputes.execute(tenantId, {
        type: 'open_chargeback',
        disputeId,
        occurredAt: START.toISOString(),
        source: { kind: 'merchant' },
        transferId: payment,
        merchantAccountId: merchant,
        network: 'visa',
        reasonCode: '13.1',
        amount: { amountMinor: '2500', currency: 'USD' },
        transactionDate: '2026-04-20',
        withdrawsFunds: true,
        deadline: { kind: 'due', dueAt: '2026-05-05T00:00:00.000Z', source: 'provider' },
      }),
    );
    const early = await strongroom.worker.runOnce(tenantId, { jobs: ['dispute_deadline_sweep'] });
    expect(early.jobs).toEqual([
      { job: 'dispute_deadline_sweep', units: 1, more: false, errors: [] },
    ]);
    expect(unwrapOrThrow(await disputes.get(tenantId, disputeId))?.status).toBe(
      'chargeback_needs_response',
    );

    clock.advance(5 * DAY_MS);
    const round = await strongroom.worker.runOnce(tenantId);
    expect(round.jobs.map((each) => each.job)).toContain('dispute_deadline_sweep');
    expect(round.jobs.flatMap((each) => each.errors)).toEqual([]);
    expect(unwrapOrThrow(await disputes.get(tenantId, disputeId))).toMatchObject({
      status: 'lost',
      lostReason: 'expired',
    });
    await strongroom.close();
  });

  it('purges identity’s expired tokens and the rate-limit windows of the facade’s own limiter', async () => {
    const clock = new FakeClock(START);
    const messages: IdentityMessage[] = [];
    const options = baseOptions(clock);
    const strongroom = createStrongroom({
      ...options,
      identity: {
        passwordHasher: createArgon2PasswordHasher(
          { memoryKib: 1024, passes: 1, parallelism: 1 },
          { allowWeakParameters: true },
        ),
        sender: {
          send: async (message) => {
            messages.push(message);
            return ok(undefined);
          },
        },
        tokens: { issuer: 'https://auth.example.com', audience: 'https://api.example.com' },
      },
    });
    const identity = strongroom.identity;
    if (identity === undefined) throw new Error('identity was configured');
    unwrapOrThrow(await strongroom.prepareKeys());
    unwrapOrThrow(
      await identity.register({
        tenantId,
        email: 'ann@example.com',
        password: 'correct horse battery staple',
        clientAddress: '203.0.113.7',
      }),
    );
    expect(messages).toHaveLength(1);
    expect(await recordCount(strongroom, IDENTITY_COLLECTIONS.tokens)).toBe(1);
    expect(await recordCount(strongroom, 'strongroom.rate_limits')).toBeGreaterThan(0);

    const early = await strongroom.worker.runOnce(tenantId, { jobs: ['identity_purge'] });
    expect(early.jobs).toEqual([{ job: 'identity_purge', units: 1, more: false, errors: [] }]);
    expect(await recordCount(strongroom, IDENTITY_COLLECTIONS.tokens)).toBe(1);

    clock.advance(30 * DAY_MS);
    await strongroom.worker.runOnce(tenantId, { jobs: ['identity_purge'] });
    expect(await recordCount(strongroom, IDENTITY_COLLECTIONS.tokens)).toBe(0);
    expect(await recordCount(strongroom, 'strongroom.rate_limits')).toBe(0);
    await strongroom.close();
  });

  it('returns operating errors in the round instead of throwing', async () => {
    const options = baseOptions(new FakeClock(START));
    let failing = false;
    const storage = faultyStorage(options.storage, () => failing);
    const strongroom = createStrongroom({ ...options, storage });
    await transfer(strongroom);
    failing = true;
    const round = await strongroom.worker.runOnce(tenantId, {
      jobs: ['audit_sequencer', 'event_sequencer'],
    });
    expect(round.jobs).toEqual([
      {
        job: 'audit_sequencer',
        units: 1,
        more: false,
        errors: [expect.objectContaining({ type: 'infrastructure', message: 'injected fault' })],
      },
      {
        job: 'event_sequencer',
        units: 1,
        more: false,
        errors: [expect.objectContaining({ type: 'infrastructure', message: 'injected fault' })],
      },
    ]);
    failing = false;
    await strongroom.close();
  });
});
