import { parseId, unwrapOrThrow } from '@strongroom/kernel';
import {
  ACCOUNT_TYPES,
  type AccountInput,
  type AccountStatus,
  LEDGER_AUDIT_ACTIONS,
  LEDGER_EVENT_TYPES,
  LEDGER_METADATA_MAX_BYTES,
  LEDGER_NAME_MAX_LENGTH,
  ZERO_BALANCES,
} from '@strongroom/ledger';
import { expect, it } from 'vitest';
import { accountInput, auditLeaves, newTransferId, outboxEvents } from './ledger-fixtures.js';
import type { LedgerSuiteContext } from './ledger-suite-context.js';

// An account with every optional field set, so that each one can differ on a retry.
function fullAccount(): AccountInput {
  return accountInput({
    name: 'Merchant settlement — Café ☕ 北京',
    type: 'liability',
    code: 7,
    owner: { type: 'merchant', id: 'mer_1' },
    metadata: { region: 'eu', tier: 2 },
    flags: { debitsMustNotExceedCredits: true },
    limits: { floorMinor: null, ceilingMinor: 1_000_000n },
  });
}

/** Account creation: every type, idempotent retries, every `exists_with_different_*`, refusals. */
export function defineAccountCases(context: LedgerSuiteContext): void {
  it('creates accounts of every type, open with zero balances, one outbox event each', async () => {
    const books = context.books();
    const inputs = ACCOUNT_TYPES.map((type) => accountInput({ type, name: `A ${type}` }));
    const results = unwrapOrThrow(await books.ledger.createAccounts(books.tenantId, inputs));
    expect(results.map((result) => result.status)).toEqual(inputs.map(() => 'created'));
    const stamps = results.map((result) => result.timestamp);
    expect([...stamps].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
    const stored = unwrapOrThrow(
      await books.ledger.lookupAccounts(
        books.tenantId,
        inputs.map((input) => input.id),
      ),
    );
    for (const [index, account] of stored.entries()) {
      expect(account).toMatchObject({
        id: inputs[index]?.id,
        type: ACCOUNT_TYPES[index],
        status: 'open',
        balances: ZERO_BALANCES,
        currency: 'USD',
        owner: null,
        metadata: {},
      });
    }
    const events = (await outboxEvents(books)).filter(
      (event) => event.type === LEDGER_EVENT_TYPES.accountCreated,
    );
    expect(events.map((event) => event.payload['accountId']).sort()).toEqual(
      inputs.map((input) => input.id).sort(),
    );
    const leaves = (await auditLeaves(books)).filter(
      (leaf) => leaf.action === LEDGER_AUDIT_ACTIONS.accountsCreated,
    );
    expect(leaves).toHaveLength(1);
    expect(events.every((event) => event.causationId === leaves[0]?.resource.id)).toBe(true);
  });

  it('stores every field as given: owner, metadata, flags, limits, code', async () => {
    const books = context.books();
    const input = fullAccount();
    const [result] = unwrapOrThrow(await books.ledger.createAccounts(books.tenantId, [input]));
    expect(result?.status).toBe('created');
    const [stored] = unwrapOrThrow(await books.ledger.lookupAccounts(books.tenantId, [input.id]));
    expect(stored).toMatchObject({
      name: 'Merchant settlement — Café ☕ 北京',
      code: 7,
      owner: { type: 'merchant', id: 'mer_1' },
      metadata: { region: 'eu', tier: 2 },
      flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
      limits: { floorMinor: null, ceilingMinor: 1_000_000n },
    });
    expect(stored?.timestamp).toBe(result?.timestamp);
  });

  it('answers a retry with the same content `exists` with the original stamp, writing nothing', async () => {
    const books = context.books();
    const input = fullAccount();
    const [first] = unwrapOrThrow(await books.ledger.createAccounts(books.tenantId, [input]));
    const outbox = (await outboxEvents(books)).length;
    const leaves = (await auditLeaves(books)).length;
    books.clock.advance(60_000);
    const [again] = unwrapOrThrow(await books.ledger.createAccounts(books.tenantId, [input]));
    expect(again?.status).toBe('exists');
    expect(again?.timestamp).toBe(first?.timestamp);
    expect(again?.account?.id).toBe(input.id);
    expect((await outboxEvents(books)).length).toBe(outbox);
    expect((await auditLeaves(books)).length).toBe(leaves);
  });

  it('answers `exists_with_different_<field>` for the first field that differs', async () => {
    const books = context.books();
    const original = fullAccount();
    unwrapOrThrow(await books.ledger.createAccounts(books.tenantId, [original]));
    const variants: [AccountInput, AccountStatus][] = [
      [{ ...original, flags: {} }, 'exists_with_different_flags'],
      [{ ...original, limits: { ceilingMinor: 5n } }, 'exists_with_different_limits'],
      [{ ...original, type: 'asset' }, 'exists_with_different_type'],
      [{ ...original, name: 'Other' }, 'exists_with_different_name'],
      [{ ...original, owner: { type: 'merchant', id: 'mer_2' } }, 'exists_with_different_owner'],
      [{ ...original, owner: null }, 'exists_with_different_owner'],
      [{ ...original, metadata: { region: 'us', tier: 2 } }, 'exists_with_different_metadata'],
      [{ ...original, currency: 'EUR' }, 'exists_with_different_currency'],
      [{ ...original, code: 8 }, 'exists_with_different_code'],
      // Flags are compared before the name: the first difference in precedence wins.
      [{ ...original, flags: {}, name: 'Other' }, 'exists_with_different_flags'],
    ];
    const results = unwrapOrThrow(
      await books.ledger.createAccounts(
        books.tenantId,
        variants.map(([input]) => input),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(variants.map(([, status]) => status));
    expect(results.every((result) => result.account === null)).toBe(true);
    const [stored] = unwrapOrThrow(
      await books.ledger.lookupAccounts(books.tenantId, [original.id]),
    );
    expect(stored?.name).toBe(original.name);
    expect(stored?.currency).toBe('USD');
  });

  it('refuses invalid accounts with their codes and stores none of them', async () => {
    const books = context.books();
    const cases: [unknown, AccountStatus][] = [
      [{ ...accountInput(), flags: { overdraft: true } }, 'reserved_flag'],
      [{ ...accountInput(), id: undefined }, 'id_must_not_be_zero'],
      [accountInput({ id: newTransferId() }), 'id_invalid'],
      [accountInput({ id: 'acc_not-a-typeid' }), 'id_invalid'],
      [
        accountInput({
          flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true },
        }),
        'flags_are_mutually_exclusive',
      ],
      [{ ...accountInput(), limits: { floorMinor: -5 } }, 'limits_invalid'],
      [accountInput({ limits: { floorMinor: 1n } }), 'floor_must_not_be_positive'],
      [accountInput({ limits: { ceilingMinor: -1n } }), 'ceiling_must_not_be_negative'],
      [{ ...accountInput(), type: 'cash' }, 'type_invalid'],
      [accountInput({ currency: 'XYZ' }), 'currency_invalid'],
      [accountInput({ code: 0 }), 'code_must_not_be_zero'],
      [accountInput({ code: 70_000 }), 'code_invalid'],
      [accountInput({ name: '' }), 'name_invalid'],
      [accountInput({ name: 'x'.repeat(LEDGER_NAME_MAX_LENGTH + 1) }), 'name_invalid'],
      [accountInput({ owner: { type: 'user', id: '' } }), 'owner_invalid'],
      [
        accountInput({ metadata: { blob: 'x'.repeat(LEDGER_METADATA_MAX_BYTES) } }),
        'metadata_too_large',
      ],
    ];
    const before = (await outboxEvents(books)).length;
    const results = unwrapOrThrow(
      await books.ledger.createAccounts(
        books.tenantId,
        cases.map(([input]) => input as AccountInput),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(cases.map(([, status]) => status));
    const validIds = cases
      .map(([input]) => (input as { id?: unknown }).id)
      .filter((id): id is string => parseId('acc', id).isOk());
    const stored = unwrapOrThrow(await books.ledger.lookupAccounts(books.tenantId, validIds));
    expect(stored.every((account) => account === null)).toBe(true);
    expect((await outboxEvents(books)).length).toBe(before);
    expect(await auditLeaves(books)).toEqual([]);
  });

  it('creates a linked chain of accounts all or nothing', async () => {
    const books = context.books();
    const first = accountInput({ flags: { linked: true } });
    const bad = accountInput({ code: 0 });
    const alone = accountInput();
    const results = unwrapOrThrow(
      await books.ledger.createAccounts(books.tenantId, [first, bad, alone]),
    );
    expect(results.map((result) => result.status)).toEqual([
      'linked_event_failed',
      'code_must_not_be_zero',
      'created',
    ]);
    const stored = unwrapOrThrow(
      await books.ledger.lookupAccounts(books.tenantId, [first.id, alone.id]),
    );
    expect(stored.map((account) => account?.id ?? null)).toEqual([null, alone.id]);
    const open = unwrapOrThrow(
      await books.ledger.createAccounts(books.tenantId, [
        accountInput({ flags: { linked: true } }),
      ]),
    );
    expect(open[0]?.status).toBe('linked_event_chain_open');
  });

  it('keeps tenants apart: the same account id is a new account in another tenant', async () => {
    const books = context.books();
    const other = context.books();
    const input = accountInput();
    unwrapOrThrow(await books.ledger.createAccounts(books.tenantId, [input]));
    const seen = unwrapOrThrow(await other.ledger.lookupAccounts(other.tenantId, [input.id]));
    expect(seen).toEqual([null]);
    const [again] = unwrapOrThrow(
      await other.ledger.createAccounts(other.tenantId, [{ ...input, currency: 'EUR' }]),
    );
    expect(again?.status).toBe('created');
    const [mine] = unwrapOrThrow(await books.ledger.lookupAccounts(books.tenantId, [input.id]));
    expect(mine?.currency).toBe('USD');
  });
}
