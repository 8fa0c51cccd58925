import type { AuditActor, AuditEntryInput } from '@strongroom/audit';
import type { JsonObject } from '@strongroom/kernel';

/** The audit actions of signing keys. */
export const SIGNING_KEY_AUDIT_ACTIONS = {
  created: 'identity.signing_key.created',
  rotated: 'identity.signing_key.rotated',
} as const;

/** The audit resource type of a signing key; its id is the `kid`, which is public anyway. */
export const SIGNING_KEY_AUDIT_RESOURCE = 'signing_key';

/** Who creates a tenant's first key: nobody asked, the first token needed it. */
export const SIGNING_KEY_SYSTEM_ACTOR: AuditActor = { type: 'system', id: 'identity' };

/** A signing-key leaf. Details name the algorithm and `kid`s only, never key material. */
export function signingKeyLeaf(
  actor: AuditActor,
  action: (typeof SIGNING_KEY_AUDIT_ACTIONS)[keyof typeof SIGNING_KEY_AUDIT_ACTIONS],
  kid: string,
  details: JsonObject,
): AuditEntryInput {
  return {
    actor,
    action,
    resource: { type: SIGNING_KEY_AUDIT_RESOURCE, id: kid },
    outcome: 'succeeded',
    details,
  };
}
