import { describe, expect, it } from 'vitest';
import { journalEvent } from '../../src/engine/ledger-event.js';
import {
  applyTemplate,
  definePostingTemplate,
  type PostingTemplate,
  type PostingTemplateDefinition,
} from '../../src/model/posting-template.js';
import {
  accId,
  accountInput,
  LedgerHarness,
  transferInput,
  trfId,
} from '../engine/ledger-fixture.js';

const cardCapture: PostingTemplateDefinition = {
  name: 'card.capture',
  code: 20,
  parameters: { customer: 'account', merchant: 'account', amount: 'amount', fee: 'amount' },
  legs: [
    { account: 'customer', side: 'debit', amount: 'amount' },
    { account: 'merchant', side: 'credit', amount: 'amount - fee' },
    { account: accId(3), side: 'credit', amount: 'fee' },
  ],
};

function defined(definition: PostingTemplateDefinition): PostingTemplate {
  const template = definePostingTemplate(definition);
  if (template.isErr()) throw new Error(template.error.reason);
  return template.value;
}

describe('definePostingTemplate', () => {
  it('accepts a template whose legs balance for every value', () => {
    expect(definePostingTemplate(cardCapture).isOk()).toBe(true);
  });

  it.each<[string, Partial<PostingTemplateDefinition>, string]>([
    ['a bad name', { name: 'Card Capture' }, 'name_invalid'],
    ['code 0', { code: 0 }, 'code_invalid'],
    [
      'a bad parameter name',
      { parameters: { ...cardCapture.parameters, 'my-fee': 'amount' } },
      'parameter_name_invalid',
    ],
    [
      'an unknown parameter kind',
      { parameters: { ...cardCapture.parameters, fee: 'rate' as never } },
      'parameter_kind_invalid',
    ],
    [
      'an unused parameter',
      { parameters: { ...cardCapture.parameters, tax: 'amount' } },
      'parameter_unused',
    ],
    ['one leg', { legs: [cardCapture.legs[0] as never] }, 'too_few_legs'],
    [
      '33 legs',
      { legs: Array.from({ length: 33 }, () => cardCapture.legs[0] as never) },
      'too_many_legs',
    ],
    [
      'a leg side',
      {
        legs: [
          { account: 'customer', side: 'left' as never, amount: 'amount' },
          ...cardCapture.legs.slice(1),
        ],
      },
      'leg_side_invalid',
    ],
    [
      'an account that is neither parameter nor id',
      {
        legs: [
          { account: 'nobody', side: 'debit', amount: 'amount' },
          ...cardCapture.legs.slice(1),
        ],
      },
      'leg_account_unknown',
    ],
    [
      'an amount parameter used as account',
      { legs: [{ account: 'fee', side: 'debit', amount: 'amount' }, ...cardCapture.legs.slice(1)] },
      'leg_account_unknown',
    ],
    [
      'an amount expression with a constant',
      {
        legs: [
          cardCapture.legs[0] as never,
          { account: 'merchant', side: 'credit', amount: 'amount - 3' },
          cardCapture.legs[2] as never,
        ],
      },
      'leg_amount_invalid',
    ],
    [
      'an amount expression without operator',
      {
        legs: [
          cardCapture.legs[0] as never,
          { account: 'merchant', side: 'credit', amount: 'amount fee' },
          cardCapture.legs[2] as never,
        ],
      },
      'leg_amount_invalid',
    ],
    [
      'an account parameter in an amount',
      {
        legs: [
          cardCapture.legs[0] as never,
          { account: 'merchant', side: 'credit', amount: 'amount - customer' },
          cardCapture.legs[2] as never,
        ],
      },
      'leg_amount_unknown_parameter',
    ],
    [
      'legs that do not balance',
      {
        legs: [
          cardCapture.legs[0] as never,
          { account: 'merchant', side: 'credit', amount: 'amount' },
          cardCapture.legs[2] as never,
        ],
      },
      'legs_do_not_balance',
    ],
  ])('refuses %s', (_name, overrides, reason) => {
    const result = definePostingTemplate({ ...cardCapture, ...overrides });
    expect(result.isErr() && result.error).toMatchObject({
      type: 'ledger.invalid_posting_template',
      reason,
    });
  });
});

describe('applyTemplate', () => {
  const template = defined(cardCapture);

  it('builds a journal input that the engine executes (card capture with fee split)', () => {
    const applied = applyTemplate(template, {
      id: trfId(1),
      values: { customer: accId(1), merchant: accId(2), amount: 10_000n, fee: 290n },
      metadata: { order: 'o-1' },
    });
    expect(applied.isOk()).toBe(true);
    if (!applied.isOk()) return;
    expect(applied.value).toEqual({
      id: trfId(1),
      postings: [
        { accountId: accId(1), side: 'debit', amountMinor: 10_000n },
        { accountId: accId(2), side: 'credit', amountMinor: 9_710n },
        { accountId: accId(3), side: 'credit', amountMinor: 290n },
      ],
      code: 20,
      metadata: { order: 'o-1', template: 'card.capture' },
    });
    const harness = new LedgerHarness();
    harness.createAccounts(
      accountInput(0, { type: 'asset' }),
      accountInput(1),
      accountInput(2),
      accountInput(3, { type: 'revenue' }),
    );
    harness.transfers(transferInput(9, 0, 1, 10_000n));
    expect(harness.run([journalEvent(applied.value)])[0]?.status).toBe('created');
    expect(harness.balances(3).creditsPosted).toBe(290n);
  });

  it('leaves out legs that come to zero (no fee)', () => {
    const applied = applyTemplate(template, {
      id: trfId(1),
      values: { customer: accId(1), merchant: accId(2), amount: 500n, fee: 0n },
      flags: { pending: true },
      timeoutMs: 1000,
    });
    expect(applied.isOk() && applied.value.postings).toHaveLength(2);
    expect(applied.isOk() && applied.value.flags).toEqual({ pending: true });
  });

  it.each<[string, Record<string, string | bigint>, string]>([
    ['a missing value', { customer: accId(1), merchant: accId(2), amount: 5n }, 'value_missing'],
    [
      'an unexpected value',
      { customer: accId(1), merchant: accId(2), amount: 5n, fee: 1n, tip: 1n },
      'value_unexpected',
    ],
    [
      'a number amount',
      { customer: accId(1), merchant: accId(2), amount: 5 as never, fee: 1n },
      'value_invalid',
    ],
    [
      'a negative amount',
      { customer: accId(1), merchant: accId(2), amount: -5n, fee: 1n },
      'value_invalid',
    ],
    [
      'a fee above the amount',
      { customer: accId(1), merchant: accId(2), amount: 5n, fee: 6n },
      'leg_amount_negative',
    ],
    [
      'one account for two legs',
      { customer: accId(1), merchant: accId(1), amount: 5n, fee: 1n },
      'duplicate_account',
    ],
    [
      'everything zero',
      { customer: accId(1), merchant: accId(2), amount: 0n, fee: 0n },
      'too_few_legs',
    ],
  ])('refuses %s', (_name, values, reason) => {
    const applied = applyTemplate(template, { id: trfId(1), values });
    expect(applied.isErr() && applied.error).toMatchObject({
      type: 'ledger.template_application',
      reason,
    });
  });
});
