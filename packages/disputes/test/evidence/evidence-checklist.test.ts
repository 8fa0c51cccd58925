import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evidenceChecklist } from '../../src/evidence/evidence-checklist.js';
import { EVIDENCE_FIELDS, type EvidenceField } from '../../src/evidence/evidence-field.js';
import type { EvidenceItem } from '../../src/evidence/evidence-item.js';
import { EVIDENCE_ITEMS_PER_DISPUTE_MAX } from '../../src/evidence/evidence-limits.js';
import {
  EVIDENCE_PROFILE_REQUIREMENTS,
  EVIDENCE_PROFILES,
} from '../../src/evidence/evidence-profiles.js';
import { entryOf } from '../catalogue/catalogue-fixture.js';

function textItem(field: EvidenceField): EvidenceItem {
  return { kind: 'text', field, text: 'evidence' };
}

function documentItem(field: EvidenceField): EvidenceItem {
  return {
    kind: 'document',
    field,
    reference: `key/${field}`,
    sha256: '0'.repeat(64),
    sizeBytes: 1000,
    mediaType: 'application/pdf',
  };
}

describe('evidenceChecklist', () => {
  const fraud = entryOf('visa', '10.4');

  it('lists everything as missing when nothing was supplied', () => {
    const checklist = evidenceChecklist(fraud, []);
    expect(checklist.complete).toBe(false);
    expect(checklist.satisfied).toEqual([]);
    expect(checklist.missing).toEqual([
      { level: 'required', fields: ['receipt'] },
      {
        level: 'one_of',
        fields: [
          'customer_purchase_ip',
          'access_activity_log',
          'customer_signature',
          'billing_address',
        ],
      },
    ]);
    expect(checklist.optionalMissing.length).toBeGreaterThan(0);
  });

  it('is complete with the required item and one of the group; optional ones never block', () => {
    const checklist = evidenceChecklist(fraud, [
      documentItem('receipt'),
      textItem('customer_purchase_ip'),
    ]);
    expect(checklist.complete).toBe(true);
    expect(checklist.missing).toEqual([]);
    expect(checklist.optionalMissing.map((requirement) => requirement.fields[0])).toContain(
      'customer_name',
    );
  });

  it('satisfies a one_of group with any of its alternatives', () => {
    for (const field of [
      'customer_purchase_ip',
      'access_activity_log',
      'customer_signature',
      'billing_address',
    ] as const) {
      expect(evidenceChecklist(fraud, [documentItem('receipt'), textItem(field)]).complete).toBe(
        true,
      );
    }
  });

  it('is not complete while a required item is missing, whatever else is there', () => {
    const duplicate = entryOf('visa', '12.6.1');
    const checklist = evidenceChecklist(duplicate, [
      textItem('duplicate_charge_id'),
      documentItem('receipt'),
    ]);
    expect(checklist.complete).toBe(false);
    expect(checklist.missing).toEqual([
      { level: 'required', fields: ['duplicate_charge_explanation'] },
    ]);
  });

  it('reports fields no requirement names, once each', () => {
    const checklist = evidenceChecklist(entryOf('visa', '13.1'), [
      textItem('shipping_tracking_number'),
      textItem('cancellation_rebuttal'),
      documentItem('cancellation_rebuttal'),
    ]);
    expect(checklist.complete).toBe(true);
    expect(checklist.unlistedFields).toEqual(['cancellation_rebuttal']);
  });

  it('asserts on more items than a dispute may hold', () => {
    const items = Array(EVIDENCE_ITEMS_PER_DISPUTE_MAX + 1).fill(textItem('receipt'));
    expect(() => evidenceChecklist(fraud, items)).toThrow();
  });

  it('splits every requirement into exactly one of satisfied, missing or optionalMissing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EVIDENCE_PROFILES),
        fc.subarray([...EVIDENCE_FIELDS]),
        (profile, fields) => {
          const requirements = EVIDENCE_PROFILE_REQUIREMENTS[profile];
          const checklist = evidenceChecklist({ evidence: requirements }, fields.map(textItem));
          const provided = new Set<string>(fields);
          const met = (fieldsOfRequirement: readonly string[]) =>
            fieldsOfRequirement.some((field) => provided.has(field));
          expect(
            checklist.satisfied.length +
              checklist.missing.length +
              checklist.optionalMissing.length,
          ).toBe(requirements.length);
          for (const requirement of checklist.satisfied) expect(met(requirement.fields)).toBe(true);
          for (const requirement of checklist.missing) {
            expect(met(requirement.fields)).toBe(false);
            expect(requirement.level).not.toBe('optional');
          }
          for (const requirement of checklist.optionalMissing) {
            expect(met(requirement.fields)).toBe(false);
            expect(requirement.level).toBe('optional');
          }
          const blocking = requirements.filter((requirement) => requirement.level !== 'optional');
          expect(checklist.complete).toBe(blocking.every((requirement) => met(requirement.fields)));
        },
      ),
    );
  });

  it('is complete for every profile when every field is supplied', () => {
    for (const profile of EVIDENCE_PROFILES) {
      const checklist = evidenceChecklist(
        { evidence: EVIDENCE_PROFILE_REQUIREMENTS[profile] },
        EVIDENCE_FIELDS.map(textItem),
      );
      expect(checklist).toMatchObject({ complete: true, missing: [], optionalMissing: [] });
    }
  });
});
