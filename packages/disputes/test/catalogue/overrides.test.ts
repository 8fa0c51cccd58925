import { describe, expect, it } from 'vitest';
import {
  CATALOGUE_OVERRIDES_MAX,
  type ReasonCodeOverride,
} from '../../src/catalogue/catalogue-override.js';
import { createReasonCodeCatalogue } from '../../src/catalogue/reason-code-catalogue.js';
import { entryOf } from './catalogue-fixture.js';

function catalogueWith(overrides: readonly ReasonCodeOverride[]) {
  const created = createReasonCodeCatalogue({ overrides });
  if (created.isErr()) throw new Error(created.error.reason);
  return created.value;
}

function entryIn(overrides: readonly ReasonCodeOverride[], network: string, code: string) {
  const match = catalogueWith(overrides).lookup(network, code);
  if (match.isErr()) throw new Error(match.error.reason);
  return match.value;
}

describe('catalogue overrides', () => {
  it('replaces a code’s issuer days and marks them confirmed and overridden', () => {
    const { entry, resolution } = entryIn(
      [{ network: 'mastercard', code: '4837', issuerFilingDays: 90 }],
      'mastercard',
      '4837',
    );
    expect(resolution).toBe('known');
    expect(entry.issuerFiling).toMatchObject({
      days: 90,
      confirmed: true,
      overridden: true,
      counting: 'anchor_day',
    });
    expect(entry.stages.dispute_response.overridden).toBe(false);
  });

  it('keeps anchors, cap and waiting period when only the days change', () => {
    const { entry } = entryIn(
      [{ network: 'visa', code: '13.1', issuerFilingDays: 100 }],
      'visa',
      '13.1',
    );
    expect(entry.issuerFiling).toMatchObject({
      days: 100,
      capDays: 540,
      anchors: ['transaction_date', 'expected_delivery_date'],
      waitingPeriod: { days: 15 },
    });
  });

  it('replaces stage days and leaves the other stages alone', () => {
    const { entry } = entryIn(
      [{ network: 'visa', code: '10.4', stageDays: { dispute_response: 18, arbitration: 12 } }],
      'visa',
      '10.4',
    );
    expect(entry.stages.dispute_response).toMatchObject({
      days: 18,
      confirmed: true,
      overridden: true,
    });
    expect(entry.stages.arbitration).toMatchObject({ days: 12, confirmed: true, overridden: true });
    expect(entry.stages.pre_arbitration).toMatchObject({ days: 30, overridden: false });
  });

  it('applies a network override to every code of the network, known or unknown', () => {
    const catalogue = catalogueWith([{ network: 'discover', stageDays: { dispute_response: 25 } }]);
    for (const entry of catalogue.entries.filter((each) => each.network === 'discover')) {
      expect(entry.stages.dispute_response).toMatchObject({ days: 25, overridden: true });
    }
    const unknown = catalogue.lookup('discover', 'ZZ9');
    expect(unknown.isOk() && unknown.value.entry.stages.dispute_response.days).toBe(25);
    expect(entryIn([], 'discover', 'AA').entry.stages.dispute_response.days).toBe(30);
    const visa = catalogue.entries.find((entry) => entry.network === 'visa');
    expect(visa?.stages.dispute_response.days).toBe(30);
  });

  it('lets a code override win over its network override, field by field', () => {
    const overrides: ReasonCodeOverride[] = [
      { network: 'amex', issuerFilingDays: 110, stageDays: { dispute_response: 15 } },
      { network: 'amex', code: 'c08', stageDays: { dispute_response: 12 } },
    ];
    const { entry } = entryIn(overrides, 'amex', 'C08');
    expect(entry.stages.dispute_response.days).toBe(12);
    expect(entry.issuerFiling.days).toBe(110);
    expect(entryIn(overrides, 'amex', 'C02').entry.stages.dispute_response.days).toBe(15);
  });

  it('overrides a code the catalogue does not list (Visa 12.8)', () => {
    const match = entryIn(
      [{ network: 'visa', code: '12.8', issuerFilingDays: 120 }],
      'visa',
      '12.8',
    );
    expect(match.resolution).toBe('unknown');
    expect(match.entry.issuerFiling).toMatchObject({ days: 120, overridden: true });
  });

  it('answers a legacy code with its overridden current entry', () => {
    const match = entryIn(
      [{ network: 'mastercard', code: '4853', issuerFilingDays: 90 }],
      'mastercard',
      '4855',
    );
    expect(match.resolution).toBe('mapped');
    expect(match.entry.issuerFiling.days).toBe(90);
  });

  it('skips stages a code does not have when the override is network-wide', () => {
    const catalogue = catalogueWith([
      { network: 'mastercard', stageDays: { pre_arbitration: 40 } },
    ]);
    const skipping = catalogue.lookup('mastercard', '4808');
    expect(skipping.isOk() && skipping.value.entry.stages.pre_arbitration).toBeNull();
    const regular = catalogue.lookup('mastercard', '4853');
    expect(regular.isOk() && regular.value.entry.stages.pre_arbitration?.days).toBe(40);
  });

  it('never changes the shipped catalogue', () => {
    catalogueWith([{ network: 'visa', issuerFilingDays: 1 }]);
    expect(entryOf('visa', '10.4').issuerFiling.days).toBe(120);
  });

  it('applies no override to an unknown network', () => {
    const match = entryIn([{ network: 'visa', issuerFilingDays: 99 }], 'jcb', '1');
    expect(match.entry.issuerFiling.days).toBe(540);
  });

  it.each([
    ['a non-object override', [null], 0, 'not_an_object'],
    ['an unknown network', [{ network: 'jcb', issuerFilingDays: 90 }], 0, 'network_unknown'],
    ['a network of the wrong type', [{ network: 1, issuerFilingDays: 90 }], 0, 'network_unknown'],
    ['a network in capitals', [{ network: 'VISA', issuerFilingDays: 90 }], 0, 'network_unknown'],
    ['an empty code', [{ network: 'visa', code: ' ', issuerFilingDays: 90 }], 0, 'code_invalid'],
    [
      'a code with bad characters',
      [{ network: 'visa', code: '10/4', issuerFilingDays: 90 }],
      0,
      'code_invalid',
    ],
    [
      'a legacy code',
      [{ network: 'mastercard', code: '4807', issuerFilingDays: 90 }],
      0,
      'legacy_code',
    ],
    [
      'a duplicate after normalization',
      [
        { network: 'amex', code: 'F24', issuerFilingDays: 90 },
        { network: 'amex', code: ' f24', issuerFilingDays: 80 },
      ],
      1,
      'duplicate',
    ],
    [
      'two network-wide overrides',
      [
        { network: 'amex', issuerFilingDays: 90 },
        { network: 'amex', stageDays: { dispute_response: 10 } },
      ],
      1,
      'duplicate',
    ],
    ['no change', [{ network: 'visa', code: '10.4' }], 0, 'no_change'],
    ['empty stage days', [{ network: 'visa', code: '10.4', stageDays: {} }], 0, 'no_change'],
    [
      'zero issuer days',
      [{ network: 'visa', issuerFilingDays: 0 }],
      0,
      'issuer_filing_days_invalid',
    ],
    [
      'issuer days past the cap',
      [{ network: 'visa', issuerFilingDays: 541 }],
      0,
      'issuer_filing_days_invalid',
    ],
    [
      'fractional issuer days',
      [{ network: 'visa', issuerFilingDays: 1.5 }],
      0,
      'issuer_filing_days_invalid',
    ],
    [
      'string issuer days',
      [{ network: 'visa', issuerFilingDays: '90' }],
      0,
      'issuer_filing_days_invalid',
    ],
    ['an unknown stage', [{ network: 'visa', stageDays: { appeal: 10 } }], 0, 'stage_unknown'],
    ['stage days as a list', [{ network: 'visa', stageDays: [10] }], 0, 'stage_unknown'],
    [
      'negative stage days',
      [{ network: 'visa', stageDays: { arbitration: -1 } }],
      0,
      'stage_days_invalid',
    ],
    [
      'stage days over a year',
      [{ network: 'visa', stageDays: { arbitration: 366 } }],
      0,
      'stage_days_invalid',
    ],
    [
      'a stage the code skips',
      [{ network: 'mastercard', code: '4870', stageDays: { pre_arbitration_response: 20 } }],
      0,
      'stage_not_applicable',
    ],
    [
      'a bad override after good ones',
      [
        { network: 'visa', issuerFilingDays: 90 },
        { network: 'amex', issuerFilingDays: -5 },
      ],
      1,
      'issuer_filing_days_invalid',
    ],
  ])('refuses %s', (_label, overrides, index, reason) => {
    const created = createReasonCodeCatalogue({ overrides: overrides as ReasonCodeOverride[] });
    expect(created.isErr()).toBe(true);
    if (!created.isErr()) return;
    expect(created.error).toEqual({ type: 'disputes.catalogue_override_invalid', index, reason });
  });

  it('refuses more than the maximum number of overrides', () => {
    const overrides = Array.from({ length: CATALOGUE_OVERRIDES_MAX + 1 }, (_, index) => ({
      network: 'visa' as const,
      code: `99.${index}`,
      issuerFilingDays: 90,
    }));
    const created = createReasonCodeCatalogue({ overrides });
    expect(created.isErr() && created.error).toEqual({
      type: 'disputes.catalogue_override_invalid',
      index: null,
      reason: 'too_many',
    });
    expect(createReasonCodeCatalogue({ overrides: overrides.slice(1) }).isOk()).toBe(true);
  });
});
