import { describe, expect, it } from 'vitest';
import { parseTenantId, TENANT_ID_MAX_LENGTH } from '../src/index.js';

describe('parseTenantId', () => {
  it.each(['acme', 'a', '0', 'acme-corp_eu-1', '9lives', 'a'.repeat(TENANT_ID_MAX_LENGTH)])(
    'accepts %s',
    (input) => {
      expect(parseTenantId(input)._unsafeUnwrap()).toBe(input);
    },
  );

  it.each([
    [42, 'not_a_string'],
    [null, 'not_a_string'],
    [undefined, 'not_a_string'],
    [{ toString: () => 'acme' }, 'not_a_string'],
    [['acme'], 'not_a_string'],
    ['', 'empty'],
    ['a'.repeat(TENANT_ID_MAX_LENGTH + 1), 'too_long'],
    ['Acme', 'bad_format'],
    ['ACME', 'bad_format'],
    ['-acme', 'bad_format'],
    ['_acme', 'bad_format'],
    ['acme corp', 'bad_format'],
    [' acme', 'bad_format'],
    ['acme\n', 'bad_format'],
    ['acme#1', 'bad_format'],
    ['acme/eu', 'bad_format'],
    ['acme.eu', 'bad_format'],
    ["acme'; drop table", 'bad_format'],
    ['acmé', 'bad_format'],
    ['ａｃｍｅ', 'bad_format'],
    ['acme\u0000', 'bad_format'],
  ])('refuses %j as %s', (input, reason) => {
    expect(parseTenantId(input)._unsafeUnwrapErr()).toEqual({
      type: 'validation',
      field: 'tenantId',
      reason,
    });
  });

  it('never echoes the rejected value', () => {
    const error = parseTenantId('Secret-Value')._unsafeUnwrapErr();
    expect(JSON.stringify(error)).not.toContain('Secret');
  });
});
