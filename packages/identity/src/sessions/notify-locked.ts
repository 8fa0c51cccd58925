import type { TenantId } from '@strongroom/kernel';
import { deliver } from '../senders/deliver.js';
import type { IdentityContext } from '../service/identity-context.js';
import type { UserRecord } from '../users/user-record.js';

/**
 * Tells the account owner that repeated failures locked their account: the owner learns of an
 * attack, while the attacker sees the same error as for any wrong password.
 */
export async function notifyLocked(
  context: IdentityContext,
  tenantId: TenantId,
  user: UserRecord,
): Promise<void> {
  if (user.data.emailEnvelope === null) return;
  const email = await context.fields.decrypt({
    tenantId,
    subjectId: user.id,
    recordId: user.id,
    field: 'email',
    envelope: user.data.emailEnvelope,
  });
  if (email.isErr()) return;
  await deliver(context, {
    kind: 'account_locked',
    channel: 'email',
    tenantId,
    userId: user.id,
    to: email.value,
    secret: null,
    expiresAtMs: null,
  });
}
