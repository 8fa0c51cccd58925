import { AssertionFailure, parseTenantId, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { beginStatement } from '../src/begin-statement.js';

const acme = unwrapOrThrow(parseTenantId('acme-eu_1'));

describe('beginStatement', () => {
  it('starts the transaction, switches role and sets the tenant in one query', () => {
    expect(beginStatement('read_committed', 'strongroom_app', acme)).toBe(
      "begin isolation level read committed; select set_config('role', 'strongroom_app', true), set_config('strongroom.tenant_id', 'acme-eu_1', true), set_config('plan_cache_mode', 'force_generic_plan', true)",
    );
    expect(beginStatement('serializable', null, acme)).toBe(
      "begin isolation level serializable; select set_config('strongroom.tenant_id', 'acme-eu_1', true), set_config('plan_cache_mode', 'force_generic_plan', true)",
    );
  });

  it('refuses to splice anything that is not a plain tenant id or role name', () => {
    const forged = "acme', true); drop table strongroom_records; --" as TenantId;
    expect(() => beginStatement('serializable', null, forged)).toThrow(AssertionFailure);
    expect(() => beginStatement('serializable', "app'; reset role; --", acme)).toThrow(
      AssertionFailure,
    );
  });
});
