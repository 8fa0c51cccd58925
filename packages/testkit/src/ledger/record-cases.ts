import type { AuditActor, AuditEntry } from '@strongroom/audit';
import { type EventEnvelope, unwrapOrThrow } from '@strongroom/kernel';
import {
  LEDGER_AUDIT_ACTIONS,
  LEDGER_AUDIT_RESOURCE,
  LEDGER_EVENT_TYPES,
  type LedgerRequestContext,
  type TransferResult,
} from '@strongroom/ledger';
import { expect, it } from 'vitest';
import {
  accountInput,
  auditLeaves,
  journalEvent,
  outboxEvents,
  transferEvent,
} from './ledger-fixtures.js';
import type { LedgerSuiteContext } from './ledger-suite-context.js';
import type { SuiteLedger } from './suite-ledger.js';

const ACTOR: AuditActor = { type: 'user', id: 'usr_01h455vb4pex5vsknk084sn02q' };

function request(name: string): LedgerRequestContext {
  return { actor: ACTOR, requestId: `req-${name}`, correlationId: `corr-${name}` };
}

interface CommandRecords {
  readonly leaves: AuditEntry[];
  readonly events: EventEnvelope[];
}

// What one command left behind, found by the correlation id its context carried.
async function recordsOf(books: SuiteLedger, name: string): Promise<CommandRecords> {
  const correlationId = `corr-${name}`;
  const leaves = (await auditLeaves(books)).filter((leaf) => leaf.correlationId === correlationId);
  const events = (await outboxEvents(books)).filter(
    (event) => event.correlationId === correlationId,
  );
  return { leaves, events };
}

/**
 * The command's leaves: one per transaction it needed (one, unless the storage's limits split it),
 * all naming the command and its actor; every event it caused names the command too. For a
 * transfer command, the leaves' event counts add up to the events it was sent.
 */
function expectCommand(
  records: CommandRecords,
  name: string,
  action: string,
  events?: number,
): void {
  expect(records.leaves.length).toBeGreaterThanOrEqual(1);
  const commandId = records.leaves[0]?.resource.id;
  for (const leaf of records.leaves) {
    expect(leaf).toMatchObject({
      action,
      actor: ACTOR,
      requestId: `req-${name}`,
      resource: { type: LEDGER_AUDIT_RESOURCE, id: commandId },
    });
  }
  if (events !== undefined) {
    const counted = records.leaves.reduce((sum, leaf) => sum + Number(leaf.details['events']), 0);
    expect(counted).toBe(events);
  }
  for (const event of records.events) expect(event.causationId).toBe(commandId);
}

function created(results: readonly TransferResult[]): TransferResult[] {
  for (const result of results) expect(result.status).toBe('created');
  return [...results];
}

/** Every command writes its audit leaf and its outbox events with the changes; a no-op writes none. */
export function defineRecordCases(context: LedgerSuiteContext): void {
  it('writes one leaf per command and one outbox event per created, resolved or expired movement', async () => {
    const books = context.books();
    const { ledger, tenantId } = books;
    const inputs = [
      accountInput({ type: 'asset', name: 'Bank' }),
      accountInput({ name: 'Wallet' }),
      accountInput({ name: 'Merchant' }),
    ];
    const [bankInput, walletInput, merchantInput] = inputs;
    if (bankInput === undefined || walletInput === undefined || merchantInput === undefined)
      throw new Error('three accounts');
    const [bank, wallet, merchant] = [bankInput.id, walletInput.id, merchantInput.id];
    unwrapOrThrow(await ledger.createAccounts(tenantId, inputs, request('accounts')));
    const accounts = await recordsOf(books, 'accounts');
    expectCommand(accounts, 'accounts', LEDGER_AUDIT_ACTIONS.accountsCreated);
    expect(accounts.leaves[0]?.outcome).toBe('succeeded');
    expect(accounts.events.map((event) => [event.type, event.payload['accountId']])).toEqual(
      inputs.map((input) => [LEDGER_EVENT_TYPES.accountCreated, input.id]),
    );

    const [deposit, held, toVoid] = created(
      unwrapOrThrow(
        await ledger.createTransfers(
          tenantId,
          [
            transferEvent({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 500n }),
            transferEvent({
              debitAccountId: wallet,
              creditAccountId: merchant,
              amountMinor: 100n,
              flags: { pending: true },
            }),
            transferEvent({
              debitAccountId: wallet,
              creditAccountId: merchant,
              amountMinor: 50n,
              flags: { pending: true },
              timeoutMs: 10_000,
            }),
            transferEvent({
              debitAccountId: wallet,
              creditAccountId: merchant,
              amountMinor: 20n,
              flags: { pending: true },
              timeoutMs: 10_000,
            }),
          ],
          request('batch'),
        ),
      ),
    );
    const batch = await recordsOf(books, 'batch');
    expectCommand(batch, 'batch', LEDGER_AUDIT_ACTIONS.transfersCreated, 4);
    expect(batch.leaves[0]?.details).toMatchObject({ events: 4, statuses: { created: 4 } });
    expect(batch.events.map((event) => event.type)).toEqual(
      Array(4).fill(LEDGER_EVENT_TYPES.transferCreated),
    );
    expect(batch.events[0]?.payload).toMatchObject({
      transferId: deposit?.id,
      amountMinor: '500',
      currency: 'USD',
      debitAccountId: bank,
      creditAccountId: wallet,
    });

    const post = unwrapOrThrow(
      await ledger.createTransfer(
        tenantId,
        transferEvent({ pendingId: held?.id ?? '', flags: { postPending: true } }),
        request('post'),
      ),
    );
    expect(post.status).toBe('created');
    const posted = await recordsOf(books, 'post');
    expectCommand(posted, 'post', LEDGER_AUDIT_ACTIONS.transfersCreated, 1);
    expect(posted.events.map((event) => [event.type, event.payload['pendingId']])).toEqual([
      [LEDGER_EVENT_TYPES.transferPosted, held?.id],
    ]);

    const voided = unwrapOrThrow(
      await ledger.createTransfer(
        tenantId,
        transferEvent({ pendingId: toVoid?.id ?? '', flags: { voidPending: true } }),
        request('void'),
      ),
    );
    expect(voided.status).toBe('created');
    const voidRecords = await recordsOf(books, 'void');
    expectCommand(voidRecords, 'void', LEDGER_AUDIT_ACTIONS.transfersCreated, 1);
    expect(voidRecords.events.map((event) => event.type)).toEqual([
      LEDGER_EVENT_TYPES.transferVoided,
    ]);

    const legs = [
      { accountId: wallet, side: 'debit' as const, amountMinor: 30n },
      { accountId: merchant, side: 'credit' as const, amountMinor: 30n },
    ];
    const [journal, pendingJournal, otherPendingJournal] = created(
      unwrapOrThrow(
        await ledger.createTransfers(
          tenantId,
          [
            journalEvent({ postings: legs }),
            journalEvent({ postings: legs, flags: { pending: true } }),
            journalEvent({ postings: legs, flags: { pending: true } }),
          ],
          request('journals'),
        ),
      ),
    );
    created(
      unwrapOrThrow(
        await ledger.createTransfers(
          tenantId,
          [
            journalEvent({ pendingId: pendingJournal?.id ?? '', flags: { postPending: true } }),
            journalEvent({
              pendingId: otherPendingJournal?.id ?? '',
              flags: { voidPending: true },
            }),
          ],
          request('resolve-journals'),
        ),
      ),
    );
    const journals = await recordsOf(books, 'journals');
    expectCommand(journals, 'journals', LEDGER_AUDIT_ACTIONS.transfersCreated, 3);
    expect(journals.events.map((event) => [event.type, event.payload['transferId']])).toEqual([
      [LEDGER_EVENT_TYPES.journalCreated, journal?.id],
      [LEDGER_EVENT_TYPES.journalCreated, pendingJournal?.id],
      [LEDGER_EVENT_TYPES.journalCreated, otherPendingJournal?.id],
    ]);
    const resolved = await recordsOf(books, 'resolve-journals');
    // Resolutions that inherit their postings are sized for the most postings an entry may
    // have, so a storage with a small transaction limit commits them one by one.
    expectCommand(resolved, 'resolve-journals', LEDGER_AUDIT_ACTIONS.transfersCreated, 2);
    expect(resolved.events.map((event) => event.type)).toEqual([
      LEDGER_EVENT_TYPES.journalPosted,
      LEDGER_EVENT_TYPES.journalVoided,
    ]);

    books.clock.advance(10_000);
    const swept = unwrapOrThrow(
      await ledger.sweepExpired(tenantId, { limit: 10 }, request('sweep')),
    );
    expect(swept.expired).toHaveLength(1);
    const sweep = await recordsOf(books, 'sweep');
    expectCommand(sweep, 'sweep', LEDGER_AUDIT_ACTIONS.transfersExpired);
    expect(sweep.events.map((event) => [event.type, event.payload['transferId']])).toEqual([
      [LEDGER_EVENT_TYPES.transferExpired, swept.expired[0]?.id],
    ]);

    // A retry that changes nothing writes no leaf and no event.
    const retry = unwrapOrThrow(
      await ledger.createTransfers(
        tenantId,
        [
          transferEvent({
            id: deposit?.id ?? '',
            debitAccountId: bank,
            creditAccountId: wallet,
            amountMinor: 500n,
          }),
        ],
        request('retry'),
      ),
    );
    expect(retry[0]?.status).toBe('exists');
    expect(await recordsOf(books, 'retry')).toEqual({ leaves: [], events: [] });

    // A transient failure burns its id: a failed leaf, no event.
    const refused = unwrapOrThrow(
      await ledger.createTransfers(
        tenantId,
        [
          transferEvent({
            debitAccountId: bank,
            creditAccountId: accountInput().id,
            amountMinor: 1n,
          }),
        ],
        request('refused'),
      ),
    );
    expect(refused[0]?.status).toBe('credit_account_not_found');
    const failed = await recordsOf(books, 'refused');
    expectCommand(failed, 'refused', LEDGER_AUDIT_ACTIONS.transfersCreated, 1);
    expect(failed.leaves[0]?.outcome).toBe('failed');
    expect(failed.events).toEqual([]);

    // Nothing else was written: every leaf and event belongs to one of the commands above.
    const commands = [accounts, batch, posted, voidRecords, journals, resolved, sweep, failed];
    const leaves = commands.reduce((sum, records) => sum + records.leaves.length, 0);
    const events = commands.reduce((sum, records) => sum + records.events.length, 0);
    expect((await auditLeaves(books)).length).toBe(leaves);
    expect((await outboxEvents(books)).length).toBe(events);
    expect(events).toBe(3 + 4 + 1 + 1 + 3 + 2 + 1);
  });
}
