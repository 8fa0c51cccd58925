import { AUDIT_COLLECTIONS } from '@strongroom/audit';
import { ok, parseTenantId, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import {
  CARD_COLLECTIONS,
  CARD_PERMISSIONS,
  REWRAP_JOBS_COLLECTION,
  SUBJECT_KEY_COLLECTIONS,
} from '@strongroom/vault';
import { expect, it } from 'vitest';
import { SUITE_PEOPLE_COLLECTION } from './field-cases.js';
import { SensitiveValues } from './sensitive-values.js';
import { dumpedRowCollection, type ScanFinding, scanDump } from './stored-data-scan.js';
import { cardInput, PUBLISHED_TEST_PANS, randomVisaPans } from './test-cards.js';
import {
  drainAudit,
  principal,
  SUITE_ACTOR,
  type VaultSuiteContext,
} from './vault-suite-context.js';

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function summary(findings: readonly ScanFinding[]): string[] {
  return findings.map((finding) => `${finding.collection ?? '(unknown layout)'}: ${finding.what}`);
}

/**
 * The scan of every raw row and item the suite wrote: first proof that it finds plaintext planted
 * below the port of this backend, then a workload of every vault operation and the scan itself.
 * Runs last in a backend's suite, so it reads what every earlier case stored as well.
 */
export function defineStoredDataCases(context: VaultSuiteContext): void {
  it('finds plaintext planted below the port in this backend’s raw dump', async () => {
    const tamper = context.tamper();
    const tenantId = context.tenant('planted');
    const planted = new SensitiveValues();
    for (const known of context.sensitive.tenantIds) planted.addTenantId(known);
    const [pan = '', unregistered = '', outsideVault = ''] = randomVisaPans(3);
    const key = crypto.getRandomValues(new Uint8Array(32));
    planted.addPans(pan);
    planted.addKey('planted key', key);
    planted.addSecurityCode('8264');
    planted.addText('Planted Person');
    const shifted = new Uint8Array(36);
    shifted.set(key, 1);
    const rows = [
      // The card number inside a longer digit run, which is itself Luhn-valid somewhere.
      [CARD_COLLECTIONS.tokens, 'planted-1', { note: `ref 99${pan}7` }],
      [CARD_COLLECTIONS.tokens, 'planted-2', { blob: base64(shifted) }],
      [SUITE_PEOPLE_COLLECTION, 'planted-3', { cvv: '8264', holder: 'PLANTED PERSON' }],
      [CARD_COLLECTIONS.fingerprints, 'planted-4', { reference: unregistered }],
      // A Luhn-valid number outside the vault's collections is not the vault's to answer for.
      [SUITE_PEOPLE_COLLECTION, 'planted-5', { reference: outsideVault }],
    ] as const;
    for (const [collection, id, data] of rows) await tamper.insert(tenantId, collection, id, data);

    const findings = scanDump(await tamper.dump(), planted);
    expect(summary(findings).sort()).toEqual(
      [
        `${CARD_COLLECTIONS.tokens}: card number ending ${pan.slice(-4)}`,
        `${CARD_COLLECTIONS.tokens}: Luhn-valid digit run`,
        `${CARD_COLLECTIONS.tokens}: key material: planted key`,
        `${SUITE_PEOPLE_COLLECTION}: security code of 4 digits`,
        `${SUITE_PEOPLE_COLLECTION}: name or field value #0`,
        `${CARD_COLLECTIONS.fingerprints}: Luhn-valid digit run`,
      ].sort(),
    );
    for (const [collection, id] of rows) await tamper.remove(tenantId, collection, id);
    expect(scanDump(await tamper.dump(), planted)).toEqual([]);
  });

  it('stores no card number, security code, name, field value, key or secret in plaintext', async () => {
    const first = await context.vault({ sensitiveData: 'storage' });
    const { vault, audit, storage } = first;
    const tenantId = context.tenant('scan');
    const { sensitive } = context;
    const withCodes = [
      { pan: PUBLISHED_TEST_PANS.amex, cvv: '5927', cardholderName: 'Hedy Lamarr' },
      { pan: PUBLISHED_TEST_PANS.amexAlternate, cvv: '6140', cardholderName: 'Radia Perlman' },
      { pan: PUBLISHED_TEST_PANS.visa, cvv: '482', cardholderName: 'Frances Allen' },
      { pan: PUBLISHED_TEST_PANS.mastercard, cvv: '375', cardholderName: 'Barbara Liskov' },
    ];
    const plain = [
      PUBLISHED_TEST_PANS.discover,
      PUBLISHED_TEST_PANS.jcb,
      PUBLISHED_TEST_PANS.visaDebit,
      ...randomVisaPans(3),
    ].map((pan) => ({ pan, cardholderName: 'Sophie Wilson' }));
    for (const card of [...withCodes, ...plain]) {
      sensitive.addPans(card.pan);
      sensitive.addText(card.cardholderName);
    }
    for (const { cvv } of withCodes) sensitive.addSecurityCode(cvv);

    const tokens: string[] = [];
    for (const { pan, cvv, cardholderName } of withCodes) {
      const card = await vault.cards.tokenize(
        tenantId,
        principal(),
        cardInput(pan, { cvv, cardholderName }),
      );
      tokens.push(unwrapOrThrow(card).token);
    }
    const batch = unwrapOrThrow(
      await vault.cards.tokenizeBatch(
        tenantId,
        principal(),
        plain.map(({ pan, cardholderName }) => cardInput(pan, { cardholderName })),
      ),
    );
    tokens.push(...batch.map((result) => unwrapOrThrow(result).token));
    const full = { purpose: 'chargeback evidence', reveal: 'full' } as const;
    for (const token of tokens.slice(0, 3)) {
      unwrapOrThrow(await vault.cards.detokenize(tenantId, principal(), token, full));
    }
    unwrapOrThrow(
      await vault.cards.detokenize(tenantId, principal(), tokens[5] ?? '', { purpose: 'support' }),
    );
    expect(
      unwrapOrThrow(
        await vault.cards.takeCvvForAuthorization(tenantId, principal(), tokens[0] ?? '', 'auth'),
      ),
    ).toBe('5927');
    unwrapOrThrow(await vault.cards.deleteToken(tenantId, principal(), tokens[4] ?? ''));
    const denied = principal([CARD_PERMISSIONS.revealMasked]);
    await vault.cards.detokenize(tenantId, denied, tokens[1] ?? '', full);

    const people = [
      { subjectId: 'usr_ada', email: 'ada.byron@example.org', phone: '+44 20 7946 0912' },
      { subjectId: 'usr_alan', email: 'alan.t@example.org', phone: '+44 20 7946 0377' },
    ];
    for (const { subjectId, email, phone } of people) {
      sensitive.addText(email);
      sensitive.addText(phone);
      const place = { tenantId, subjectId, recordId: subjectId };
      const data = {
        email: unwrapOrThrow(
          await vault.fields.encrypt({ ...place, field: 'email', value: email }),
        ),
        phone: unwrapOrThrow(
          await vault.fields.encrypt({ ...place, field: 'phone', value: phone }),
        ),
        emailIndex: unwrapOrThrow(
          await vault.fields.blindIndex({ tenantId, field: 'email', value: email }),
        ),
      };
      unwrapOrThrow(
        await storage.transaction(tenantId, async (tx) =>
          ok(
            await tx.records.put({
              collection: SUITE_PEOPLE_COLLECTION,
              id: subjectId,
              data,
              expectedVersion: 0,
            }),
          ),
        ),
      );
    }
    unwrapOrThrow(await vault.fields.eraseSubject(tenantId, 'usr_alan', SUITE_ACTOR));
    unwrapOrThrow(await vault.keys.rotate('cards', SUITE_ACTOR));
    unwrapOrThrow(await vault.rewrapTenant({ tenantId, jobId: 'scan-rotation' }));
    // Sequence the logs too, so entries, tiles and checkpoints are scanned as well.
    const systemTenant: TenantId = unwrapOrThrow(parseTenantId('system'));
    for (const tenant of [tenantId, systemTenant]) await drainAudit(audit, tenant);
    await vault.close();

    const rows = await context.tamper().dump();
    const collections = new Set(rows.map(dumpedRowCollection));
    for (const collection of [
      CARD_COLLECTIONS.tokens,
      CARD_COLLECTIONS.fingerprints,
      CARD_COLLECTIONS.sensitiveData,
      SUBJECT_KEY_COLLECTIONS.keys,
      SUBJECT_KEY_COLLECTIONS.erased,
      REWRAP_JOBS_COLLECTION,
      AUDIT_COLLECTIONS.entries,
      SUITE_PEOPLE_COLLECTION,
    ]) {
      expect(collections.has(collection), `the dump holds ${collection} rows`).toBe(true);
    }
    // Master keys (v1 of two KEKs, rotated versions), data keys and both secrets were recorded.
    expect(sensitive.keys.length).toBeGreaterThan(6);
    expect(summary(scanDump(rows, sensitive))).toEqual([]);
  });
}
