import { checkPersonalValue, eraseAuditSubject, exportLog, verifyExport } from '@strongroom/audit';
import { ok, unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import { type AuditSuiteContext, auditLogOn, drain } from './audit-suite-context.js';

/** Personal data leaves no plaintext in the log, and erasing it leaves the log verifiable. */
export function defineErasureCases(context: AuditSuiteContext): void {
  it('commits to personal fields, erases them by destroying the salt, and still verifies', async () => {
    const storage = context.storage();
    const log = auditLogOn(storage);
    const tenantId = freshTenantId();
    const email = 'zoe.subject@example.org';
    const receipt = unwrapOrThrow(
      await storage.transaction(tenantId, (tx) =>
        log.append(tx, {
          actor: { type: 'user', id: 'usr_zoe' },
          action: 'identity.user.registered',
          resource: { type: 'user', id: 'usr_zoe' },
          outcome: 'succeeded',
          personal: { subjectId: 'usr_zoe', fields: { email } },
        }),
      ),
    );
    await drain(log, tenantId);
    const proof = unwrapOrThrow(await log.inclusionProof(tenantId, receipt.leafId));
    expect(proof.leaf).not.toContain(email);
    const entry = JSON.parse(proof.leaf);
    const check = (value: string) =>
      storage.transaction(tenantId, async (tx) =>
        ok(await checkPersonalValue(tx, entry, 'email', value)),
      );
    expect(unwrapOrThrow(await check(email))).toBe('matches');
    expect(unwrapOrThrow(await check('someone.else@example.org'))).toBe('differs');

    expect(
      unwrapOrThrow(
        await storage.transaction(tenantId, async (tx) =>
          ok(await eraseAuditSubject(tx, 'usr_zoe')),
        ),
      ),
    ).toBe(true);
    expect(unwrapOrThrow(await check(email))).toBe('erased');
    expect((await log.verify(tenantId)).isOk()).toBe(true);

    const lines: string[] = [];
    for await (const line of exportLog(storage, tenantId)) lines.push(line);
    expect(lines.join('\n')).not.toContain(email);
    const verifiers = log.signers(tenantId).map((signer) => signer.verifier);
    expect((await verifyExport(lines, verifiers))._unsafeUnwrap().treeSize).toBe(1);
  });
}
