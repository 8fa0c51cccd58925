import { err, ok } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_COLLECTIONS,
  AUDIT_DETAILS_MAX_BYTES,
  AUDIT_PERSONAL_FIELDS_MAX,
  type AuditEntryInput,
  checkAuditEntryInput,
} from '../../src/index.js';
import { createHarness, entryInput, listRecords } from '../log/audit-fixture.js';

// Inputs arrive from callers' code and may be anything at run time: the casts below build the
// malformed values the type system would otherwise keep a test from writing.
function withInput(patch: Record<string, unknown>): AuditEntryInput {
  return { ...entryInput(1), ...patch } as AuditEntryInput;
}

function rejection(input: AuditEntryInput) {
  const checked = checkAuditEntryInput(input);
  expect(checked.isErr()).toBe(true);
  return checked._unsafeUnwrapErr();
}

describe('checkAuditEntryInput', () => {
  it('accepts a complete, valid entry and one with only the required fields', () => {
    expect(checkAuditEntryInput(entryInput(1)).isOk()).toBe(true);
    expect(
      checkAuditEntryInput({
        actor: { type: 'system', id: 'sequencer' },
        action: 'audit.key.rotated',
        resource: { type: 'key', id: 'key_1' },
        outcome: 'denied',
      }).isOk(),
    ).toBe(true);
  });

  it.each([
    ['no namespace', 'created'],
    ['uppercase', 'Ledger.transfer.created'],
    ['leading digit', 'ledger.1transfer'],
    ['empty segment', 'ledger..created'],
    ['trailing dot', 'ledger.transfer.'],
    ['a space', 'ledger.transfer created'],
    ['a dash', 'ledger.transfer-created'],
    ['nine segments', 'a.b.c.d.e.f.g.h.i'],
    ['over 128 characters', `ledger.${'a'.repeat(130)}`],
    ['empty', ''],
  ])('refuses an action with %s', (_, action) => {
    expect(rejection(withInput({ action }))).toEqual({
      type: 'audit.invalid_entry',
      field: 'action',
      reason: 'bad_format',
    });
  });

  it('accepts actions from two to eight segments', () => {
    expect(checkAuditEntryInput(withInput({ action: 'ledger.created' })).isOk()).toBe(true);
    expect(checkAuditEntryInput(withInput({ action: 'a.b.c.d.e.f.g.h' })).isOk()).toBe(true);
    expect(checkAuditEntryInput(withInput({ action: 'ledger_v2.transfer_1.x' })).isOk()).toBe(true);
  });

  it.each(['admin', 'User', '', 'robot'])('refuses the unknown actor type %j', (type) => {
    expect(rejection(withInput({ actor: { type, id: 'usr_1' } }))).toEqual({
      type: 'audit.invalid_entry',
      field: 'actor.type',
      reason: 'unknown',
    });
  });

  it('refuses a missing actor as an unknown actor type', () => {
    expect(rejection(withInput({ actor: undefined }))).toMatchObject({ field: 'actor.type' });
  });

  it.each(['ok', 'success', 'SUCCEEDED', ''])('refuses the unknown outcome %j', (outcome) => {
    expect(rejection(withInput({ outcome }))).toEqual({
      type: 'audit.invalid_entry',
      field: 'outcome',
      reason: 'unknown',
    });
  });

  it.each(['Transfer', '1transfer', 'transfer type', 'transfer-type', '', 'a'.repeat(64)])(
    'refuses the resource type %j',
    (type) => {
      expect(rejection(withInput({ resource: { type, id: 'trf_1' } }))).toEqual({
        type: 'audit.invalid_entry',
        field: 'resource.type',
        reason: 'bad_format',
      });
    },
  );

  it('accepts resource types with dots, digits and underscores up to 63 characters', () => {
    for (const type of ['ledger.account', 'card_token2', 'a'.repeat(63)]) {
      expect(checkAuditEntryInput(withInput({ resource: { type, id: 'x_1' } })).isOk()).toBe(true);
    }
  });

  const badIdentifiers: [string, unknown][] = [
    ['with a space', 'usr 1'],
    ['with a tab', 'usr\t1'],
    ['with a newline', 'usr_1\n'],
    ['empty', ''],
    ['of 257 characters', 'u'.repeat(257)],
    ['not ASCII', 'usr_é'],
    ['a number', 42],
  ];

  it.each(badIdentifiers)('refuses an actor id %s', (_, id) => {
    expect(rejection(withInput({ actor: { type: 'user', id } }))).toEqual({
      type: 'audit.invalid_entry',
      field: 'actor.id',
      reason: 'bad_identifier',
    });
  });

  it.each(badIdentifiers)('refuses a resource id %s', (_, id) => {
    expect(rejection(withInput({ resource: { type: 'transfer', id } }))).toMatchObject({
      field: 'resource.id',
      reason: 'bad_identifier',
    });
  });

  it.each(['requestId', 'correlationId'])(
    'refuses a bad %s but accepts it null or absent',
    (key) => {
      expect(rejection(withInput({ [key]: 'req 1' }))).toEqual({
        type: 'audit.invalid_entry',
        field: key,
        reason: 'bad_identifier',
      });
      expect(rejection(withInput({ [key]: 'r'.repeat(257) }))).toMatchObject({ field: key });
      expect(checkAuditEntryInput(withInput({ [key]: null })).isOk()).toBe(true);
      expect(checkAuditEntryInput(withInput({ [key]: undefined })).isOk()).toBe(true);
      expect(checkAuditEntryInput(withInput({ [key]: 'r'.repeat(256) })).isOk()).toBe(true);
    },
  );

  it('refuses details that are not an object', () => {
    for (const details of [[1, 2], 'text', 7, true]) {
      expect(rejection(withInput({ details }))).toEqual({
        type: 'audit.invalid_entry',
        field: 'details',
        reason: 'not_an_object',
      });
    }
  });

  it(`refuses details over ${AUDIT_DETAILS_MAX_BYTES} serialized bytes and accepts them at it`, () => {
    // {"note":"…"} is 11 bytes around the string.
    const atLimit = { note: 'x'.repeat(AUDIT_DETAILS_MAX_BYTES - 11) };
    expect(JSON.stringify(atLimit)).toHaveLength(AUDIT_DETAILS_MAX_BYTES);
    expect(checkAuditEntryInput(withInput({ details: atLimit })).isOk()).toBe(true);
    const overLimit = { note: 'x'.repeat(AUDIT_DETAILS_MAX_BYTES - 10) };
    expect(rejection(withInput({ details: overLimit }))).toEqual({
      type: 'audit.invalid_entry',
      field: 'details',
      reason: 'too_large',
    });
    // Bytes, not characters: 2,100 two-byte characters (4,200 bytes) are over the limit.
    expect(rejection(withInput({ details: { note: 'é'.repeat(2100) } }))).toMatchObject({
      reason: 'too_large',
    });
  });

  describe('personal data', () => {
    const personal = (fields: Record<string, unknown>, subjectId: unknown = 'usr_1') =>
      withInput({ personal: { subjectId, fields } });

    it('accepts up to the maximum number of fields', () => {
      const fields = Object.fromEntries(
        Array.from({ length: AUDIT_PERSONAL_FIELDS_MAX }, (_, i) => [`field${i}`, 'v']),
      );
      expect(checkAuditEntryInput(personal(fields)).isOk()).toBe(true);
    });

    it('refuses one field too many', () => {
      const fields = Object.fromEntries(
        Array.from({ length: AUDIT_PERSONAL_FIELDS_MAX + 1 }, (_, i) => [`field${i}`, 'v']),
      );
      expect(rejection(personal(fields))).toEqual({
        type: 'audit.invalid_entry',
        field: 'personal.fields',
        reason: 'too_many',
      });
    });

    it('refuses no fields', () => {
      expect(rejection(personal({}))).toEqual({
        type: 'audit.invalid_entry',
        field: 'personal.fields',
        reason: 'empty',
      });
    });

    it.each(['Email', '1email', 'e-mail', 'e mail', '', `e${'x'.repeat(63)}`])(
      'refuses the field name %j',
      (name) => {
        expect(rejection(personal({ [name]: 'a@example.com' }))).toEqual({
          type: 'audit.invalid_entry',
          field: 'personal.fields',
          reason: 'bad_field_name',
        });
      },
    );

    it('refuses a value that is not a string or is too long, naming the field only', () => {
      expect(rejection(personal({ email: 42 }))).toEqual({
        type: 'audit.invalid_entry',
        field: 'personal.fields.email',
        reason: 'bad_value',
      });
      const long = 'a'.repeat(1025);
      const error = rejection(personal({ email: long }));
      expect(error).toMatchObject({ field: 'personal.fields.email', reason: 'bad_value' });
      expect(JSON.stringify(error)).not.toContain(long);
    });

    it('refuses a bad subject id', () => {
      expect(rejection(personal({ email: 'a@example.com' }, 'subject 1'))).toEqual({
        type: 'audit.invalid_entry',
        field: 'personal.subjectId',
        reason: 'bad_identifier',
      });
    });
  });
});

describe('log.append with a refused entry', () => {
  const OTHER = 'app.things';

  it('returns the typed error and writes nothing, so a caller returning it commits nothing', async () => {
    const harness = createHarness();
    const result = await harness.storage.transaction(harness.tenantId, async (tx) => {
      await tx.records.put({ collection: OTHER, id: 'thing_1', data: {}, expectedVersion: 0 });
      const receipt = await harness.log.append(tx, entryInput(1, { action: 'Bad Action' }));
      return receipt.isErr() ? err(receipt.error) : ok(receipt.value);
    });
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'audit.invalid_entry',
      field: 'action',
      reason: 'bad_format',
    });
    expect(await listRecords(harness.storage, harness.tenantId, OTHER)).toEqual([]);
    expect(await listRecords(harness.storage, harness.tenantId, AUDIT_COLLECTIONS.pending)).toEqual(
      [],
    );
  });

  it('writes no leaf and no subject salt even when the caller commits its other writes', async () => {
    const harness = createHarness();
    const committed = await harness.storage.transaction(harness.tenantId, async (tx) => {
      await tx.records.put({ collection: OTHER, id: 'thing_1', data: {}, expectedVersion: 0 });
      const receipt = await harness.log.append(
        tx,
        entryInput(1, {
          details: { password: 'hunter2' },
          personal: { subjectId: 'usr_9', fields: { email: 'a@example.com' } },
        }),
      );
      return ok(receipt);
    });
    const receipt = committed._unsafeUnwrap();
    expect(receipt._unsafeUnwrapErr()).toMatchObject({ type: 'audit.secret_in_details' });
    expect(await listRecords(harness.storage, harness.tenantId, OTHER)).toHaveLength(1);
    for (const collection of [AUDIT_COLLECTIONS.pending, AUDIT_COLLECTIONS.subjects]) {
      expect(await listRecords(harness.storage, harness.tenantId, collection)).toEqual([]);
    }
  });

  it('writes exactly one pending leaf for an accepted entry', async () => {
    const harness = createHarness();
    const committed = await harness.storage.transaction(harness.tenantId, async (tx) => {
      const receipt = await harness.log.append(tx, entryInput(1));
      return receipt.isErr() ? err(receipt.error) : ok(receipt.value);
    });
    const receipt = committed._unsafeUnwrap();
    const pending = await listRecords(harness.storage, harness.tenantId, AUDIT_COLLECTIONS.pending);
    expect(pending.map((record) => record.id)).toEqual([receipt.leafId]);
  });
});
