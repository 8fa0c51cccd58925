import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeEvents } from '../../src/engine/execute-events.js';
import { journalEvent, transferEvent } from '../../src/engine/ledger-event.js';
import { LEDGER_METADATA_MAX_BYTES } from '../../src/model/ledger-limits.js';
import { parseAccountInput } from '../../src/model/parse-account.js';
import { parseJournalInput } from '../../src/model/parse-journal.js';
import { parseTransferInput } from '../../src/model/parse-transfer.js';
import { accId, MemoryLedgerState, NOW, trfId } from '../engine/ledger-fixture.js';

const context = { now: NOW };

function transferStatus(input: unknown): string {
  const parsed = parseTransferInput(input, context);
  return parsed.isOk() ? 'ok' : parsed.error.status;
}

const valid = {
  id: trfId(1),
  debitAccountId: accId(1),
  creditAccountId: accId(2),
  amountMinor: 10n,
  currency: 'USD',
  code: 1,
};

describe('parseTransferInput', () => {
  it('accepts a well-formed transfer and copies what it keeps', () => {
    const metadata = { order: 'A', nested: { list: [1, 'two', null, true] } };
    const parsed = parseTransferInput({ ...valid, metadata }, context);
    expect(parsed.isOk()).toBe(true);
    if (!parsed.isOk()) return;
    expect(parsed.value).toMatchObject({ id: trfId(1), amountMinor: 10n, currency: 'USD' });
    metadata.order = 'B';
    expect(parsed.value.metadata).toEqual({ order: 'A', nested: { list: [1, 'two', null, true] } });
  });

  it.each([
    ['not an object', 42, 'id_must_not_be_zero'],
    ['null', null, 'id_must_not_be_zero'],
    ['an array', [valid], 'id_must_not_be_zero'],
    ['a wrong id prefix', { ...valid, id: accId(1) }, 'id_invalid'],
    ['an id that is not a string', { ...valid, id: 1 }, 'id_invalid'],
    ['an oversized id', { ...valid, id: `trf_${'0'.repeat(10_000)}` }, 'id_invalid'],
    ['flags that are not an object', { ...valid, flags: 'pending' }, 'reserved_flag'],
    ['a flag that is not a boolean', { ...valid, flags: { pending: 1 } }, 'reserved_flag'],
    [
      'a debit account of the wrong type',
      { ...valid, debitAccountId: trfId(3) },
      'debit_account_id_invalid',
    ],
    ['a self-transfer', { ...valid, creditAccountId: accId(1) }, 'accounts_must_be_different'],
    ['a number amount', { ...valid, amountMinor: 10 }, 'amount_invalid'],
    ['a string amount', { ...valid, amountMinor: '10' }, 'amount_invalid'],
    ['a negative amount', { ...valid, amountMinor: -1n }, 'amount_must_not_be_negative'],
    ['a zero amount', { ...valid, amountMinor: 0n }, 'amount_must_be_positive'],
    ['a missing amount', { ...valid, amountMinor: undefined }, 'amount_must_be_positive'],
    ['an amount beyond the bound', { ...valid, amountMinor: 10n ** 36n }, 'amount_exceeds_maximum'],
    ['a lower-case currency', { ...valid, currency: 'usd' }, 'currency_invalid'],
    ['a currency without minor unit', { ...valid, currency: 'XAU' }, 'currency_invalid'],
    ['a missing currency', { ...valid, currency: undefined }, 'currency_invalid'],
    ['a fractional code', { ...valid, code: 1.5 }, 'code_invalid'],
    ['a code beyond u16', { ...valid, code: 70_000 }, 'code_invalid'],
    ['a string code', { ...valid, code: '1' }, 'code_invalid'],
    ['a missing code', { ...valid, code: undefined }, 'code_must_not_be_zero'],
    ['array metadata', { ...valid, metadata: [1] }, 'metadata_invalid'],
    ['a Date in metadata', { ...valid, metadata: { at: new Date() } }, 'metadata_invalid'],
    ['a bigint in metadata', { ...valid, metadata: { amount: 1n } }, 'metadata_invalid'],
    // Postgres's jsonb refuses NUL; a lone surrogate has no UTF-8 form to store.
    ['NUL in a metadata value', { ...valid, metadata: { x: 'a\u0000b' } }, 'metadata_invalid'],
    [
      'a lone surrogate in a metadata value',
      { ...valid, metadata: { x: 'a\ud800' } },
      'metadata_invalid',
    ],
    [
      'a lone surrogate in a metadata key',
      { ...valid, metadata: { 'k\udc00': 1 } },
      'metadata_invalid',
    ],
    [
      'Infinity in metadata',
      { ...valid, metadata: { x: Number.POSITIVE_INFINITY } },
      'metadata_invalid',
    ],
    [
      'metadata nested too deep',
      { ...valid, metadata: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) },
      'metadata_invalid',
    ],
    [
      'metadata one byte over the limit',
      { ...valid, metadata: { n: 'x'.repeat(LEDGER_METADATA_MAX_BYTES - 7) } },
      'metadata_too_large',
    ],
    [
      'an effective time as a string',
      { ...valid, effectiveAt: '2026-01-01' },
      'effective_at_invalid',
    ],
    [
      'a timeout on a single-phase transfer',
      { ...valid, timeoutMs: 10 },
      'timeout_reserved_for_pending_transfer',
    ],
    [
      'a negative timeout',
      { ...valid, flags: { pending: true }, timeoutMs: -1 },
      'timeout_invalid',
    ],
    [
      'an endless timeout',
      { ...valid, flags: { pending: true }, timeoutMs: Number.POSITIVE_INFINITY },
      'timeout_invalid',
    ],
  ])('refuses %s', (_name, input, status) => {
    expect(transferStatus(input)).toBe(status);
  });

  it('accepts metadata exactly at the limit', () => {
    expect(
      transferStatus({ ...valid, metadata: { n: 'x'.repeat(LEDGER_METADATA_MAX_BYTES - 8) } }),
    ).toBe('ok');
  });

  it('refuses hostile objects whose getters throw, without throwing', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
        get: () => {
          throw new Error('boom');
        },
        getOwnPropertyDescriptor: () => {
          throw new Error('boom');
        },
      },
    );
    expect(transferStatus(hostile)).toBe('id_must_not_be_zero');
    expect(transferStatus({ ...valid, flags: hostile })).toBe('reserved_flag');
    expect(transferStatus({ ...valid, metadata: hostile })).toBe('metadata_invalid');
  });

  it('refuses a proxy posing as a Date and a megabyte metadata string without throwing', () => {
    const fakeDate = new Proxy(new Date(), {});
    expect(transferStatus({ ...valid, effectiveAt: fakeDate })).toBe('effective_at_invalid');
    expect(transferStatus({ ...valid, metadata: { blob: 'x'.repeat(1_000_000) } })).toBe(
      'metadata_too_large',
    );
  });

  it('never throws on arbitrary input, and never accepts a non-bigint amount', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true }), (input) => {
        const parsed = parseTransferInput(input, context);
        if (parsed.isOk()) expect(typeof parsed.value.amountMinor).toBe('bigint');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.record({
          id: fc.oneof(fc.constant(trfId(1)), fc.string()),
          debitAccountId: fc.oneof(fc.constant(accId(1)), fc.string(), fc.integer()),
          creditAccountId: fc.oneof(fc.constant(accId(2)), fc.string()),
          amountMinor: fc.oneof(fc.bigInt(), fc.integer(), fc.string()),
          currency: fc.oneof(fc.constant('USD'), fc.string()),
          code: fc.oneof(fc.integer(), fc.double()),
          flags: fc.dictionary(fc.string(), fc.anything()),
          metadata: fc.anything(),
        }),
        (input) => {
          parseTransferInput(input, context);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lets the engine answer arbitrary events with a result each, never an exception', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.anything({ withBigInt: true }).map((input) => transferEvent(input as never)),
            fc.anything({ withBigInt: true }).map((input) => journalEvent(input as never)),
          ),
          { maxLength: 8 },
        ),
        (events) => {
          const outcome = executeEvents(new MemoryLedgerState(), events, {
            now: NOW,
            firstTimestamp: 1n,
          });
          expect(outcome.results).toHaveLength(events.length);
          expect(outcome.changes.transfers).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('parseJournalInput', () => {
  const entry = {
    id: trfId(1),
    postings: [
      { accountId: accId(1), side: 'debit', amountMinor: 5n },
      { accountId: accId(2), side: 'credit', amountMinor: 5n },
    ],
    code: 1,
  };
  const status = (input: unknown) => {
    const parsed = parseJournalInput(input, context);
    return parsed.isOk() ? 'ok' : parsed.error.status;
  };

  it.each([
    ['a well-formed entry', entry, 'ok'],
    ['postings that are not an array', { ...entry, postings: {} }, 'postings_invalid'],
    [
      'a posting with an unknown side',
      { ...entry, postings: [{ ...entry.postings[0], side: 'left' }, entry.postings[1]] },
      'postings_invalid',
    ],
    [
      'a huge postings array (refused before it is walked)',
      { ...entry, postings: new Array(1_000_000) },
      'too_many_postings',
    ],
    ['a single posting', { ...entry, postings: [entry.postings[0]] }, 'too_few_postings'],
    ['missing postings', { ...entry, postings: undefined }, 'too_few_postings'],
    [
      'an account repeated',
      { ...entry, postings: [entry.postings[0], { ...entry.postings[1], accountId: accId(1) }] },
      'accounts_must_be_different',
    ],
    [
      'a zero leg',
      { ...entry, postings: [entry.postings[0], { ...entry.postings[1], amountMinor: 0n }] },
      'amount_must_be_positive',
    ],
    ['a closing flag', { ...entry, flags: { closingDebit: true } }, 'reserved_flag'],
    [
      'a post without pending id',
      { id: trfId(2), flags: { postPending: true } },
      'pending_id_must_not_be_zero',
    ],
  ])('%s: %s', (_name, input, expected) => {
    expect(status(input)).toBe(expected);
  });

  it('refuses a postings array whose reading throws', () => {
    const hostile = new Proxy([entry.postings[0], entry.postings[1]], {
      get: (_target, key) => {
        if (key === 'length') return 2;
        throw new Error('boom');
      },
    });
    expect(status({ ...entry, postings: hostile })).toBe('postings_invalid');
  });
});

describe('parseAccountInput', () => {
  const account = { id: accId(1), currency: 'JPY', code: 3, name: 'wallet', type: 'liability' };
  const status = (input: unknown) => {
    const parsed = parseAccountInput(input);
    return parsed.isOk() ? 'ok' : parsed.error.status;
  };

  it.each([
    ['a well-formed account', account, 'ok'],
    ['a transfer id', { ...account, id: trfId(1) }, 'id_invalid'],
    ['an empty name', { ...account, name: '' }, 'name_invalid'],
    ['a blank name', { ...account, name: '   ' }, 'name_invalid'],
    ['a name with a lone surrogate', { ...account, name: 'x\ud800y' }, 'name_invalid'],
    ['a name too long', { ...account, name: 'n'.repeat(129) }, 'name_invalid'],
    ['limits with an unknown field', { ...account, limits: { minimum: -1n } }, 'limits_invalid'],
    [
      'an owner id too long',
      { ...account, owner: { type: 'user', id: 'u'.repeat(129) } },
      'owner_invalid',
    ],
    ['a type from another world', { ...account, type: 'Asset' }, 'type_invalid'],
  ])('%s: %s', (_name, input, expected) => {
    expect(status(input)).toBe(expected);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true }), (input) => {
        parseAccountInput(input);
      }),
      { numRuns: 300 },
    );
  });
});
