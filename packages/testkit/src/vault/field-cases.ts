import { ok, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { SUBJECT_KEY_COLLECTIONS } from '@strongroom/vault';
import { expect, it } from 'vitest';
import {
  dumpedRows,
  provenAuditEntries,
  SUITE_ACTOR,
  type VaultSuiteContext,
} from './vault-suite-context.js';

/** Where the suite's applications keep their encrypted personal fields. */
export const SUITE_PEOPLE_COLLECTION = 'suite.people';

/** A field location: the subject's own record by default. */
function at(tenantId: TenantId, subjectId: string, field = 'email', recordId = subjectId) {
  return { tenantId, subjectId, recordId, field };
}

/** Personal fields: bound to their place, shredded with their subject, found by blind index. */
export function defineFieldCases(context: VaultSuiteContext): void {
  it('round-trips a field and refuses its ciphertext moved to another record, field, subject or tenant', async () => {
    const { vault, storage } = await context.vault();
    const tenantId = context.tenant();
    const otherTenant = context.tenant('other');
    const email = 'zoe.okafor@example.org';
    context.sensitive.addText(email);
    const envelope = unwrapOrThrow(
      await vault.fields.encrypt({ ...at(tenantId, 'usr_zoe'), value: email }),
    );
    expect(envelope).not.toContain(email);
    // Stored the way an application would, so the final scan reads it too.
    unwrapOrThrow(
      await storage.transaction(tenantId, async (tx) =>
        ok(
          await tx.records.put({
            collection: SUITE_PEOPLE_COLLECTION,
            id: 'usr_zoe',
            data: { email: envelope },
            expectedVersion: 0,
          }),
        ),
      ),
    );
    expect(
      unwrapOrThrow(await vault.fields.decrypt({ ...at(tenantId, 'usr_zoe'), envelope })),
    ).toBe(email);

    const refused = { type: 'vault.decryption_failed', reason: 'authentication' };
    const moved = [
      at(tenantId, 'usr_zoe', 'email', 'usr_someone_else'),
      at(tenantId, 'usr_zoe', 'workEmail'),
    ];
    for (const location of moved) {
      expect((await vault.fields.decrypt({ ...location, envelope }))._unsafeUnwrapErr()).toEqual(
        refused,
      );
    }
    const otherValues = ['Max Mustermann', 'Zoë Okafor-Other'];
    for (const value of otherValues) context.sensitive.addText(value);
    unwrapOrThrow(
      await vault.fields.encrypt({ ...at(tenantId, 'usr_max'), value: otherValues[0] ?? '' }),
    );
    expect(
      (
        await vault.fields.decrypt({ ...at(tenantId, 'usr_max', 'email', 'usr_zoe'), envelope })
      )._unsafeUnwrapErr(),
    ).toEqual(refused);
    // Another tenant has no key for the subject, then a key of its own: neither opens it.
    expect(
      (await vault.fields.decrypt({ ...at(otherTenant, 'usr_zoe'), envelope }))._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.subject_key_not_found', subjectId: 'usr_zoe' });
    unwrapOrThrow(
      await vault.fields.encrypt({ ...at(otherTenant, 'usr_zoe'), value: otherValues[1] ?? '' }),
    );
    expect(
      (await vault.fields.decrypt({ ...at(otherTenant, 'usr_zoe'), envelope }))._unsafeUnwrapErr(),
    ).toEqual(refused);
  });

  it('erases a subject: their fields are shredded everywhere while another subject still decrypts', async () => {
    const first = await context.vault();
    const { vault, audit, storage } = first;
    const tenantId = context.tenant();
    const phones = { usr_ines: '+44 20 7946 0321', usr_omar: '+44 20 7946 0744' };
    const envelopes: Record<string, string> = {};
    for (const [subjectId, phone] of Object.entries(phones)) {
      context.sensitive.addText(phone);
      envelopes[subjectId] = unwrapOrThrow(
        await vault.fields.encrypt({ ...at(tenantId, subjectId, 'phone'), value: phone }),
      );
    }
    const ines = { ...at(tenantId, 'usr_ines', 'phone'), envelope: envelopes['usr_ines'] ?? '' };
    const omar = { ...at(tenantId, 'usr_omar', 'phone'), envelope: envelopes['usr_omar'] ?? '' };
    // A second process of the deployment, whose cache already holds both subjects' keys.
    const { vault: elsewhere } = await context.vault({ sharing: first });
    expect(unwrapOrThrow(await elsewhere.fields.decrypt(ines))).toBe(phones.usr_ines);

    expect(
      unwrapOrThrow(await vault.fields.eraseSubject(tenantId, 'usr_ines', SUITE_ACTOR)),
    ).toEqual({ erased: true });
    const erased = { type: 'vault.subject_erased', subjectId: 'usr_ines' };
    expect((await vault.fields.decrypt(ines))._unsafeUnwrapErr()).toEqual(erased);
    expect(unwrapOrThrow(await vault.fields.decrypt(omar))).toBe(phones.usr_omar);
    expect(
      (
        await vault.fields.encrypt({ ...at(tenantId, 'usr_ines', 'phone'), value: 'again' })
      )._unsafeUnwrapErr(),
    ).toEqual(erased);
    expect(
      unwrapOrThrow(await vault.fields.eraseSubject(tenantId, 'usr_ines', SUITE_ACTOR)),
    ).toEqual({ erased: false });
    // A fresh process sees the erasure at once; the key itself is gone below the port.
    const { vault: later } = await context.vault({ sharing: first });
    expect((await later.fields.decrypt(ines))._unsafeUnwrapErr()).toEqual(erased);
    expect(unwrapOrThrow(await later.fields.decrypt(omar))).toBe(phones.usr_omar);
    const keyRows = (await dumpedRows(context.tamper(), SUBJECT_KEY_COLLECTIONS.keys)).filter(
      (row) => row.includes(tenantId),
    );
    expect(keyRows.filter((row) => row.includes('usr_ines'))).toEqual([]);
    expect(keyRows.filter((row) => row.includes('usr_omar'))).toHaveLength(1);

    const erasures = await provenAuditEntries(
      audit,
      storage,
      tenantId,
      (entry) => entry.action === 'vault.subject.erased',
    );
    expect(erasures).toEqual([
      expect.objectContaining({
        actor: SUITE_ACTOR,
        resource: { type: 'vault.subject', id: 'usr_ines' },
        outcome: 'succeeded',
      }),
    ]);
  });

  // Subject ids are stored in clear (record ids, audit resource ids): one holding a card number
  // is refused before anything is written, so it can never land there.
  it('refuses a subject id that holds a card number, writing nothing', async () => {
    const { vault, storage } = await context.vault();
    const tenantId = context.tenant();
    const subjectId = 'cust-4111111111111111';
    const encrypted = await vault.fields.encrypt({
      ...at(tenantId, subjectId),
      value: 'numbered.customer@example.org',
    });
    expect(encrypted._unsafeUnwrapErr()).toEqual({
      type: 'validation',
      field: 'subjectId',
      reason: 'looks_like_card_number',
    });
    const stored = await storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.get(SUBJECT_KEY_COLLECTIONS.keys, subjectId)),
    );
    expect(unwrapOrThrow(stored)).toBeUndefined();
  });

  it('gives equal blind indexes to equal values only, per tenant and field, in every process', async () => {
    const first = await context.vault();
    const { fields } = first.vault;
    const tenantId = context.tenant();
    const otherTenant = context.tenant('other');
    const value = 'kenji.sato@example.net';
    context.sensitive.addText(value);
    const index = (input: { tenantId: TenantId; field: string; value: string }) =>
      fields.blindIndex(input).then(unwrapOrThrow);
    const original = await index({ tenantId, field: 'email', value });
    expect(original).toMatch(/^v1\./);
    expect(original).not.toContain(value);
    expect(await index({ tenantId, field: 'email', value })).toBe(original);
    const { vault: elsewhere } = await context.vault({ sharing: first });
    expect(
      unwrapOrThrow(await elsewhere.fields.blindIndex({ tenantId, field: 'email', value })),
    ).toBe(original);
    const others = [
      await index({ tenantId, field: 'email', value: 'kenji.sato@example.com' }),
      await index({ tenantId: otherTenant, field: 'email', value }),
      await index({ tenantId, field: 'workEmail', value }),
    ];
    expect(new Set([original, ...others]).size).toBe(4);
    expect(
      unwrapOrThrow(await fields.blindIndexCandidates({ tenantId, field: 'email', value })),
    ).toEqual([original]);
  });
}
