import { type JsonObject, unwrapOrThrow } from '@strongroom/kernel';
import {
  CARD_COLLECTIONS,
  parseEnvelope,
  SUBJECT_KEY_COLLECTIONS,
  VAULT_ENVELOPE_LOCATIONS,
} from '@strongroom/vault';
import { expect, it } from 'vitest';
import { cardInput, PUBLISHED_TEST_PANS } from './test-cards.js';
import {
  listRecords,
  principal,
  SUITE_ACTOR,
  type VaultSuiteContext,
} from './vault-suite-context.js';

// A subject key's wrapped form as stored: `<kek>.v<version>.<base64url>`.
const WRAPPED_KEY_TEXT = /^([a-z0-9-]+)\.v(\d+)\.[A-Za-z0-9_-]+$/;

/** The KEK names and versions of every envelope in the card vault's rewrap locations. */
function envelopeWrappings(records: readonly { data: JsonObject }[]): string[] {
  const fields = VAULT_ENVELOPE_LOCATIONS.flatMap((location) => location.fields);
  return records.flatMap((record) =>
    fields.map((field) => {
      const wrapping = unwrapOrThrow(parseEnvelope(String(record.data[field]))).wrapping;
      return `${wrapping.keyId}.v${wrapping.version}`;
    }),
  );
}

/** The KEK names and versions of every stored subject key. */
function subjectKeyWrappings(records: readonly { data: JsonObject }[]): string[] {
  return records.flatMap((record) =>
    Object.values(record.data).flatMap((value) => {
      const match = typeof value === 'string' ? WRAPPED_KEY_TEXT.exec(value) : null;
      return match === null ? [] : [`${match[1]}.v${match[2]}`];
    }),
  );
}

/** Rotation: rewrap moves every stored data key forward, once; old versions can then retire. */
export function defineKeyCases(context: VaultSuiteContext): void {
  it('rewraps every card envelope and subject key to the rotated KEKs once, then retires version 1', async () => {
    const first = await context.vault();
    const { vault, storage } = first;
    const tenantId = context.tenant();
    const cards = [
      { pan: PUBLISHED_TEST_PANS.mastercard, cardholderName: 'Katherine Johnson' },
      { pan: PUBLISHED_TEST_PANS.amex, cardholderName: 'Dorothy Vaughan' },
      { pan: PUBLISHED_TEST_PANS.jcb, cardholderName: 'Mary Jackson' },
    ];
    const tokens: string[] = [];
    for (const { pan, cardholderName } of cards) {
      context.sensitive.addPans(pan);
      context.sensitive.addText(cardholderName);
      const card = await vault.cards.tokenize(
        tenantId,
        principal(),
        cardInput(pan, { cardholderName }),
      );
      tokens.push(unwrapOrThrow(card).token);
    }
    const people = [
      { subjectId: 'usr_kim', value: 'kim.lindqvist@example.org' },
      { subjectId: 'usr_lee', value: 'lee.ortega@example.org' },
    ];
    const envelopes: string[] = [];
    for (const { subjectId, value } of people) {
      context.sensitive.addText(value);
      const location = { tenantId, subjectId, recordId: subjectId, field: 'email' };
      envelopes.push(unwrapOrThrow(await vault.fields.encrypt({ ...location, value })));
    }
    // An envelope outside every rewrap location: it stays on version 1.
    const asideBinding = { tenantId, recordId: 'suite-aside', field: 'note' };
    const aside = unwrapOrThrow(
      await vault.cipher.encrypt('cards', asideBinding, new TextEncoder().encode('left behind')),
    );
    const tokenRecords = () => listRecords(storage, tenantId, CARD_COLLECTIONS.tokens);
    const subjectKeyRecords = () => listRecords(storage, tenantId, SUBJECT_KEY_COLLECTIONS.keys);
    expect(new Set(envelopeWrappings(await tokenRecords()))).toEqual(new Set(['cards.v1']));
    expect(subjectKeyWrappings(await subjectKeyRecords())).toEqual(['fields.v1', 'fields.v1']);

    for (const keyId of ['cards', 'fields']) {
      expect(unwrapOrThrow(await vault.keys.rotate(keyId, SUITE_ACTOR)).currentVersion).toBe(2);
    }
    // The rotated master keys were recorded for the final scan as well.
    const labels = context.sensitive.keys.map((key) => key.label);
    expect(labels).toEqual(expect.arrayContaining(['master key cards v2', 'master key fields v2']));
    const rewrapped = unwrapOrThrow(await vault.rewrapTenant({ tenantId, jobId: 'rotation-1' }));
    const moved = { status: 'completed', conflicts: 0, failed: 0, cursor: null };
    expect(rewrapped.envelopes).toMatchObject({ ...moved, rewrapped: 2 * cards.length });
    expect(rewrapped.subjectKeys).toMatchObject({ ...moved, rewrapped: people.length });
    const afterRewrap = await tokenRecords();
    expect(envelopeWrappings(afterRewrap)).toEqual(Array(2 * cards.length).fill('cards.v2'));
    expect(subjectKeyWrappings(await subjectKeyRecords())).toEqual(['fields.v2', 'fields.v2']);

    // Resuming the finished job changes nothing; a new job finds nothing left to move.
    expect(unwrapOrThrow(await vault.rewrapTenant({ tenantId, jobId: 'rotation-1' }))).toEqual(
      rewrapped,
    );
    const again = unwrapOrThrow(await vault.rewrapTenant({ tenantId, jobId: 'rotation-2' }));
    expect(again.envelopes).toMatchObject({
      ...moved,
      rewrapped: 0,
      alreadyCurrent: 2 * cards.length,
    });
    expect(again.subjectKeys).toMatchObject({
      ...moved,
      rewrapped: 0,
      alreadyCurrent: people.length,
    });
    expect((await tokenRecords()).map((record) => record.version)).toEqual(
      afterRewrap.map((record) => record.version),
    );

    // A new process that no longer decrypts version 1 reads everything the job moved.
    const minimum = { minDecryptionVersion: 2 };
    const { vault: successor } = await context.vault({
      sharing: first,
      policies: { cards: minimum, fields: minimum },
    });
    for (const [position, token] of tokens.entries()) {
      const revealed = await successor.cards.detokenize(tenantId, principal(), token, {
        purpose: 'after rotation',
        reveal: 'full',
      });
      expect(unwrapOrThrow(revealed)).toMatchObject(cards[position] ?? {});
    }
    for (const [position, { subjectId, value }] of people.entries()) {
      const location = { tenantId, subjectId, recordId: subjectId, field: 'email' };
      const envelope = envelopes[position] ?? '';
      expect(unwrapOrThrow(await successor.fields.decrypt({ ...location, envelope }))).toBe(value);
    }
    expect((await successor.cipher.decrypt(asideBinding, aside))._unsafeUnwrapErr()).toEqual({
      type: 'vault.key_version_retired',
      keyId: 'cards',
      version: 1,
      minDecryptionVersion: 2,
    });
  });
}
