import { AssertionFailure, parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { createAuthorization } from '../src/authorization/authorization.js';

const acme = unwrapOrThrow(parseTenantId('acme'));
const globex = unwrapOrThrow(parseTenantId('globex'));
const as = (...roles: string[]) => ({ tenantId: acme, userId: 'usr_a', roles });

describe('authorization', () => {
  const authorization = createAuthorization();

  it('grants by role with namespace wildcards, and nothing to unknown roles', () => {
    expect(authorization.can(as('operator'), 'ledger.transfer.create')).toBe(true);
    expect(authorization.can(as('operator'), 'vault.card.reveal_full')).toBe(false);
    expect(authorization.can(as('viewer'), 'ledger.read')).toBe(true);
    expect(authorization.can(as('viewer'), 'ledger.transfer.create')).toBe(false);
    expect(authorization.can(as('auditor'), 'audit.proof.read')).toBe(true);
    expect(authorization.can(as('admin'), 'vault.card.reveal_full')).toBe(true);
    expect(authorization.can(as('superuser'), 'ledger.read')).toBe(false);
    expect(authorization.can(as(), 'ledger.read')).toBe(false);
  });

  it('never lets a wildcard match a longer sibling name', () => {
    const custom = createAuthorization({ clerk: ['ledger.transfer.*'] });
    expect(custom.can(as('clerk'), 'ledger.transfer.create')).toBe(true);
    expect(custom.can(as('clerk'), 'ledger.transfers_export')).toBe(false);
    expect(custom.can(as('clerk'), 'ledger.account.create')).toBe(false);
  });

  it("refuses another tenant's resource whatever the roles, and allows a user's own self-service", () => {
    expect(authorization.can(as('admin'), 'ledger.read', { tenantId: globex })).toBe(false);
    expect(
      authorization.can(as(), 'identity.self.read', { tenantId: acme, ownerId: 'usr_a' }),
    ).toBe(true);
    expect(
      authorization.can(as(), 'identity.self.read', { tenantId: acme, ownerId: 'usr_b' }),
    ).toBe(false);
    expect(
      authorization.can(as(), 'identity.user.read', { tenantId: acme, ownerId: 'usr_a' }),
    ).toBe(false);
  });

  it('treats a malformed catalogue as a programmer error', () => {
    expect(() => createAuthorization({ 'Bad Role': ['ledger.read'] })).toThrow(AssertionFailure);
    expect(() => createAuthorization({ clerk: ['ledger..read'] })).toThrow(AssertionFailure);
  });
});
