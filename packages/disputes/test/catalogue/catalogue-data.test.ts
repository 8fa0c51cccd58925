import { describe, expect, it } from 'vitest';
import { AMEX_REASON_CODES } from '../../src/catalogue/amex-reason-codes.js';
import { DISCOVER_REASON_CODES } from '../../src/catalogue/discover-reason-codes.js';
import {
  MASTERCARD_LEGACY_CODES,
  MASTERCARD_REASON_CODES,
} from '../../src/catalogue/mastercard-reason-codes.js';
import { NETWORK_STAGES } from '../../src/catalogue/network-stage.js';
import { REASON_CODES } from '../../src/catalogue/reason-code-catalogue.js';
import { EVIDENCE_FIELDS } from '../../src/evidence/evidence-field.js';
import {
  EVIDENCE_PROFILE_REQUIREMENTS,
  EVIDENCE_PROFILES,
} from '../../src/evidence/evidence-profiles.js';
import { entryOf } from './catalogue-fixture.js';

describe('Mastercard catalogue', () => {
  it.each([
    ['4808', 'authorization', 90, true, true],
    ['4834', 'processing_error', 90, true, false],
    ['4837', 'fraud', 120, false, false],
    ['4840', 'fraud', 540, false, false],
    ['4849', 'fraud', 120, false, false],
    ['4850', 'consumer_dispute', 540, false, false],
    ['4853', 'consumer_dispute', 120, false, false],
    ['4863', 'fraud', 120, false, false],
    ['4870', 'fraud', 120, false, true],
    ['4871', 'fraud', 120, false, true],
    ['4999', 'other', 540, false, false],
  ] as const)(
    '%s: %s, %i days (confirmed %s), skips pre-arbitration %s',
    (code, category, days, confirmed, skips) => {
      const entry = entryOf('mastercard', code);
      expect(entry).toMatchObject({ category, visaFlow: null, skipsPreArbitration: skips });
      expect(entry.issuerFiling).toMatchObject({ days, confirmed, counting: 'anchor_day' });
      expect(entry.stages.dispute_response).toMatchObject({
        days: 45,
        actor: 'merchant',
        confirmed: true,
      });
      if (skips) {
        expect(entry.stages.pre_arbitration).toBeNull();
        expect(entry.stages.pre_arbitration_response).toBeNull();
      } else {
        expect(entry.stages.pre_arbitration).toMatchObject({
          days: 45,
          actor: 'issuer',
          confirmed: false,
        });
        expect(entry.stages.pre_arbitration_response).toMatchObject({
          days: 30,
          actor: 'merchant',
          autoAccepted: true,
        });
      }
      expect(entry.stages.arbitration).not.toBeNull();
    },
  );

  it('counts 4853 from the later of CSBD and expected delivery, capped at 540 days', () => {
    expect(entryOf('mastercard', '4853').issuerFiling).toMatchObject({
      anchors: ['transaction_date', 'expected_delivery_date'],
      capDays: 540,
    });
  });

  it('lists the current codes of the reference and skips pre-arbitration only for 4808/4870/4871', () => {
    expect(MASTERCARD_REASON_CODES.map((entry) => entry.code)).toEqual([
      '4808',
      '4834',
      '4837',
      '4840',
      '4849',
      '4850',
      '4853',
      '4863',
      '4870',
      '4871',
      '4999',
    ]);
    expect(
      REASON_CODES.filter((entry) => entry.skipsPreArbitration).map((entry) => entry.code),
    ).toEqual(['4808', '4870', '4871']);
  });
});

describe('Amex and Discover catalogue', () => {
  it('lists the Amex codes of the reference with a 20-day response and an unconfirmed ~120-day filing', () => {
    expect(AMEX_REASON_CODES.map((entry) => entry.code)).toEqual([
      'F10',
      'F14',
      'F24',
      'F29',
      'F30',
      'F31',
      'FR2',
      'FR4',
      'FR6',
      'C02',
      'C04',
      'C05',
      'C18',
      'C28',
      'C08',
      'C31',
      'C32',
      'P08',
      'P05',
      'R03',
      'R13',
      'M38',
      'S01',
    ]);
    for (const entry of AMEX_REASON_CODES) {
      expect(entry.stages.dispute_response).toMatchObject({ days: 20, confirmed: true });
      expect(entry.stages.arbitration).toMatchObject({ days: 20, confirmed: false });
      expect(entry.issuerFiling).toMatchObject({ days: 120, confirmed: false });
    }
  });

  it.each([
    ['F24', 'fraud'],
    ['C05', 'consumer_dispute'],
    ['P08', 'processing_error'],
    ['M38', 'inquiry'],
  ] as const)('classes Amex %s as %s', (code, category) => {
    expect(entryOf('amex', code).category).toBe(category);
  });

  it('lists the Discover codes of the reference with an unconfirmed 30-day response', () => {
    expect(DISCOVER_REASON_CODES.map((entry) => entry.code)).toEqual([
      'AA',
      'UA01',
      'UA02',
      'UA05',
      'UA06',
      'UA10',
      'UA11',
      'AT',
      'DA',
      'NA',
      'EX',
      '4534',
      '4541',
      '4553',
      '4755',
      '4865',
      '7030',
      '8002',
    ]);
    for (const entry of DISCOVER_REASON_CODES) {
      expect(entry.stages.dispute_response).toMatchObject({ days: 30, confirmed: false });
      expect(entry.issuerFiling.confirmed).toBe(false);
    }
  });

  it.each([
    ['UA02', 'fraud'],
    ['DA', 'authorization'],
    ['4534', 'processing_error'],
    ['4755', 'consumer_dispute'],
  ] as const)('classes Discover %s as %s', (code, category) => {
    expect(entryOf('discover', code).category).toBe(category);
  });
});

describe('catalogue data', () => {
  it('has one entry per network and code', () => {
    const keys = REASON_CODES.map((entry) => `${entry.network}:${entry.code}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('maps legacy codes only to current codes, and no legacy code is current', () => {
    const current = new Set(MASTERCARD_REASON_CODES.map((entry) => entry.code));
    for (const legacy of MASTERCARD_LEGACY_CODES) {
      expect(current.has(legacy.currentCode)).toBe(true);
      expect(current.has(legacy.code)).toBe(false);
    }
  });

  it('writes every code in its normalized form', () => {
    for (const entry of REASON_CODES) {
      expect(entry.code).toBe(entry.code.trim().toUpperCase());
      expect(entry.code).toMatch(/^[A-Z0-9.]{1,16}$/);
    }
  });

  it('counts every issuer window from the transaction date and keeps caps above windows', () => {
    for (const entry of REASON_CODES) {
      const rule = entry.issuerFiling;
      expect(rule.anchors).toContain('transaction_date');
      expect(rule.days).toBeGreaterThan(0);
      if (rule.capDays !== null) expect(rule.capDays).toBeGreaterThanOrEqual(rule.days);
      expect(rule.overridden).toBe(false);
    }
  });

  it('gives every entry positive stage windows and a Visa flow only on Visa', () => {
    for (const entry of REASON_CODES) {
      for (const stage of NETWORK_STAGES) {
        const window = entry.stages[stage];
        if (window !== null) expect(window.days).toBeGreaterThan(0);
      }
      expect(entry.visaFlow === null).toBe(entry.network !== 'visa');
    }
  });

  it('shapes every evidence profile: one field per required/optional, two or more per one_of', () => {
    const vocabulary = new Set<string>(EVIDENCE_FIELDS);
    for (const profile of EVIDENCE_PROFILES) {
      const requirements = EVIDENCE_PROFILE_REQUIREMENTS[profile];
      expect(requirements.some((requirement) => requirement.level !== 'optional')).toBe(true);
      const fields = requirements.flatMap((requirement) => requirement.fields);
      expect(new Set(fields).size).toBe(fields.length);
      for (const requirement of requirements) {
        for (const field of requirement.fields) expect(vocabulary.has(field)).toBe(true);
        if (requirement.level === 'one_of')
          expect(requirement.fields.length).toBeGreaterThanOrEqual(2);
        else expect(requirement.fields).toHaveLength(1);
      }
    }
  });

  it('gives each entry the requirements of its profile', () => {
    for (const entry of REASON_CODES) {
      expect(entry.evidence).toBe(EVIDENCE_PROFILE_REQUIREMENTS[entry.evidenceProfile]);
    }
    expect(entryOf('visa', '12.6.1').evidenceProfile).toBe('duplicate');
    expect(entryOf('visa', '13.1').evidenceProfile).toBe('not_received');
  });

  it('freezes its entries', () => {
    const entry = entryOf('visa', '10.4');
    expect(Object.isFrozen(entry)).toBe(true);
    expect(Object.isFrozen(entry.issuerFiling)).toBe(true);
    expect(Object.isFrozen(entry.stages.dispute_response)).toBe(true);
  });
});
