import { describe, expect, it } from 'vitest';
import { DEFAULT_ISSUER_FILING_DAYS } from '../../src/catalogue/default-issuer-filing.js';
import { MASTERCARD_LEGACY_CODES } from '../../src/catalogue/mastercard-reason-codes.js';
import {
  DEFAULT_REASON_CODE_CATALOGUE,
  lookupReasonCode,
} from '../../src/catalogue/reason-code-catalogue.js';
import { UNKNOWN_REASON_CODE_NAME } from '../../src/catalogue/unknown-reason-code.js';
import { entryOf } from './catalogue-fixture.js';

function resolutionOf(network: unknown, code: unknown): string {
  const match = lookupReasonCode(network, code);
  return match.isOk() ? match.value.resolution : match.error.reason;
}

describe('lookupReasonCode', () => {
  it.each([
    ['Visa', '10.4', 'visa', '10.4'],
    ['  VISA ', ' 12.6.1\t', 'visa', '12.6.1'],
    ['MasterCard', '4853', 'mastercard', '4853'],
    ['amex', 'f24', 'amex', 'F24'],
    ['Discover', 'ua02', 'discover', 'UA02'],
  ])('normalizes %j %j to %s %s', (network, code, normalizedNetwork, normalizedCode) => {
    const match = lookupReasonCode(network, code);
    expect(match.isOk()).toBe(true);
    if (!match.isOk()) return;
    expect(match.value.resolution).toBe('known');
    expect(match.value.query).toEqual({ network: normalizedNetwork, code: normalizedCode });
    expect(match.value.entry).toMatchObject({ network: normalizedNetwork, code: normalizedCode });
  });

  it.each([
    ['network not a string', 42, '10.4', 'network', 'not_a_string'],
    ['network empty', '', '10.4', 'network', 'empty'],
    ['network only spaces', '   ', '10.4', 'network', 'empty'],
    ['network too long', 'v'.repeat(33), '10.4', 'network', 'too_long'],
    ['network huge', ' '.repeat(10_000), '10.4', 'network', 'too_long'],
    ['network with a dot', 'vi.sa', '10.4', 'network', 'bad_characters'],
    ['network with a space inside', 'american express', 'F24', 'network', 'bad_characters'],
    ['code not a string', 'visa', 10.4, 'code', 'not_a_string'],
    ['code null', 'visa', null, 'code', 'not_a_string'],
    ['code empty', 'visa', '', 'code', 'empty'],
    ['code only spaces', 'visa', ' \n ', 'code', 'empty'],
    ['code too long', 'visa', '1'.repeat(17), 'code', 'too_long'],
    ['code with a slash', 'visa', '10/4', 'code', 'bad_characters'],
    ['code with a dash', 'mastercard', '48-53', 'code', 'bad_characters'],
    ['code with non-ASCII', 'visa', '１０.４', 'code', 'bad_characters'],
  ])('refuses %s', (_label, network, code, field, reason) => {
    const match = lookupReasonCode(network, code);
    expect(match.isErr()).toBe(true);
    if (!match.isErr()) return;
    expect(match.error).toEqual({ type: 'disputes.reason_code_invalid', field, reason });
  });

  it('accepts a code of exactly the maximum length as unknown', () => {
    expect(resolutionOf('visa', '1'.repeat(16))).toBe('unknown');
  });

  it.each(
    MASTERCARD_LEGACY_CODES.map((legacy) => [legacy.code, legacy.currentCode, legacy.confirmed]),
  )('maps legacy Mastercard %s to %s', (legacyCode, currentCode, confirmed) => {
    const match = lookupReasonCode('mastercard', legacyCode);
    expect(match.isOk()).toBe(true);
    if (!match.isOk() || match.value.resolution !== 'mapped') throw new Error('not mapped');
    expect(match.value.entry.code).toBe(currentCode);
    expect(match.value.query.code).toBe(legacyCode);
    expect(match.value.mappingConfirmed).toBe(confirmed);
    expect(match.value.legacyName.length).toBeGreaterThan(0);
  });

  it('maps the legacy groups of the reference', () => {
    const targets = Object.fromEntries(
      MASTERCARD_LEGACY_CODES.map((legacy) => [legacy.code, legacy.currentCode]),
    );
    expect(targets).toEqual({
      '4807': '4808',
      '4812': '4808',
      '4831': '4834',
      '4842': '4834',
      '4846': '4834',
      '4841': '4853',
      '4855': '4853',
      '4859': '4853',
      '4860': '4853',
      '4854': '4853',
    });
    expect(
      MASTERCARD_LEGACY_CODES.filter((legacy) => !legacy.confirmed).map((l) => l.code),
    ).toEqual(['4854']);
  });

  it('does not map a legacy Mastercard number on another network', () => {
    expect(resolutionOf('visa', '4807')).toBe('unknown');
  });

  it('answers Visa 12.8 and 13.10 as unknown codes of their VCR family', () => {
    for (const [code, category] of [
      ['12.8', 'processing_error'],
      ['13.10', 'consumer_dispute'],
    ] as const) {
      const match = lookupReasonCode('visa', code);
      if (!match.isOk()) throw new Error('refused');
      expect(match.value.resolution).toBe('unknown');
      expect(match.value.entry).toMatchObject({
        network: 'visa',
        code,
        name: UNKNOWN_REASON_CODE_NAME,
        category,
        visaFlow: 'collaboration',
        skipsPreArbitration: false,
      });
      expect(match.value.entry.issuerFiling).toMatchObject({
        days: DEFAULT_ISSUER_FILING_DAYS,
        confirmed: false,
      });
      expect(match.value.entry.stages.dispute_response.days).toBe(30);
    }
  });

  it('answers a Visa code outside every family with no flow and category other', () => {
    const match = lookupReasonCode('visa', '99.1');
    if (!match.isOk()) throw new Error('refused');
    expect(match.value.entry).toMatchObject({ category: 'other', visaFlow: null });
    // No flow known: every stage is assumed to be the merchant's, so no reminder is lost.
    expect(match.value.entry.stages.pre_arbitration?.actor).toBe('merchant');
    expect(match.value.entry.stages.pre_arbitration_response?.actor).toBe('merchant');
  });

  it('answers an unknown Mastercard code with Mastercard windows and pre-arbitration', () => {
    const entry = entryOf('mastercard', '4899');
    expect(entry.network).toBe('mastercard');
    expect(entry.issuerFiling).toMatchObject({ counting: 'anchor_day', confirmed: false });
    expect(entry.stages.dispute_response.days).toBe(45);
    expect(entry.skipsPreArbitration).toBe(false);
  });

  it('answers an unknown network with the shortest windows of the reference', () => {
    const match = lookupReasonCode('JCB', '541');
    if (!match.isOk()) throw new Error('refused');
    expect(match.value.resolution).toBe('unknown');
    expect(match.value.query).toEqual({ network: 'jcb', code: '541' });
    const { entry } = match.value;
    expect(entry).toMatchObject({ network: 'unknown', category: 'other', visaFlow: null });
    expect(entry.evidenceProfile).toBe('general');
    expect(entry.stages.dispute_response).toMatchObject({ days: 20, confirmed: false });
    expect(entry.stages.arbitration).toMatchObject({ days: 10, confirmed: false });
    expect(entry.issuerFiling.days).toBe(DEFAULT_ISSUER_FILING_DAYS);
  });

  it('is the default catalogue', () => {
    expect(lookupReasonCode('visa', '10.4')).toEqual(
      DEFAULT_REASON_CODE_CATALOGUE.lookup('visa', '10.4'),
    );
  });
});
