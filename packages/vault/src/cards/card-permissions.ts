import type { AuditActor } from '@strongroom/audit';

/**
 * The permissions of the card vault. Each reveal level is its own permission, so granting masked
 * views (support staff) never grants the full PAN (the payment path).
 */
export const CARD_PERMISSIONS = {
  tokenize: 'vault.card.tokenize',
  revealMasked: 'vault.card.reveal_masked',
  revealFull: 'vault.card.reveal_full',
  /** Taking the held security code for an authorization. */
  authorize: 'vault.card.authorize',
  delete: 'vault.card.delete',
} as const;

/** One of {@link CARD_PERMISSIONS}. */
export type CardPermission = (typeof CARD_PERMISSIONS)[keyof typeof CARD_PERMISSIONS];

/** Who calls the vault: the actor the audit log records and the permissions they hold. */
export interface CardPrincipal {
  readonly actor: AuditActor;
  readonly permissions: ReadonlySet<string>;
}

/** Identifiers that tie an operation's audit leaves to the request that caused it. */
export interface CardRequestContext {
  readonly requestId?: string;
  readonly correlationId?: string;
}
