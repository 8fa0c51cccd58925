import type { AuditLog } from '@strongroom/audit';
import {
  assert,
  type Clock,
  createAutoBatcher,
  err,
  ok,
  type Result,
  type Storage,
  type TenantId,
} from '@strongroom/kernel';
import type { EnvelopeCipher } from '../envelope/envelope-cipher.js';
import { KEK_NAME_PATTERN } from '../kms/kek-name.js';
import type { SecretError, VersionedSecret } from '../secrets/secret-provider.js';
import { CARD_AUDIT_ACTIONS, createCardLeafWriter, requireCardPermission } from './card-audit.js';
import type {
  DeleteTokenError,
  DetokenizeError,
  TakeCvvError,
  TokenizeBatchError,
  TokenizeBatchItemError,
  TokenizeCardError,
} from './card-error.js';
import { type CardInput, type ValidatedCard, validateCardInput } from './card-input.js';
import { CARD_BATCH_SIZE_MAX, CVV_TTL_DEFAULT_MS, CVV_TTL_MAX_MS } from './card-limits.js';
import {
  CARD_PERMISSIONS,
  type CardPrincipal,
  type CardRequestContext,
} from './card-permissions.js';
import type { CardVaultContext } from './card-vault-context.js';
import { deleteCardToken } from './delete-card-token.js';
import { type DetokenizeOptions, detokenizeCard, type RevealedCard } from './detokenize-card.js';
import { createMemorySensitiveDataStore } from './memory-sensitive-data-store.js';
import type { SensitiveDataStore, SensitiveDataStoreError } from './sensitive-data-store.js';
import { takeCvv } from './take-cvv.js';
import {
  CARD_WRITES_PER_CARD,
  type CardTokenizeRequest,
  type TokenizedCard,
  tokenizeValidatedCards,
} from './tokenize-cards.js';

/** The KEK card envelopes are wrapped under unless configured otherwise. */
export const CARD_KEK_DEFAULT = 'cards';

/** What {@link createCardVault} needs. */
export interface CardVaultOptions {
  readonly storage: Storage;
  readonly audit: AuditLog;
  readonly cipher: EnvelopeCipher;
  /** The fingerprint HMAC key with every live version (a `SecretProvider` read, typically). */
  readonly fingerprintKey: () => Promise<Result<VersionedSecret, SecretError>>;
  /** Where security codes wait for authorization; in-process memory by default. */
  readonly sensitiveData?: SensitiveDataStore;
  readonly clock: Clock;
  /** The KEK that wraps card data keys; {@link CARD_KEK_DEFAULT} by default. */
  readonly keyId?: string;
  /** How long a security code is held; {@link CVV_TTL_DEFAULT_MS} by default, at most {@link CVV_TTL_MAX_MS}. */
  readonly cvvTtlMs?: number;
  /**
   * Group commit of concurrent single `tokenize` calls (on by default): at most `maxInFlight`
   * transactions per tenant at once (default 4), each carrying every call that arrived meanwhile,
   * up to {@link CARD_BATCH_SIZE_MAX}. `false` gives every call its own transaction.
   */
  readonly autoBatch?: { readonly maxInFlight?: number } | false;
}

/**
 * Card tokenization: PANs in, random opaque tokens out. The PAN and cardholder name are kept only
 * as envelopes; BIN, last four and expiry in clear for masked views; a keyed fingerprint per
 * tenant for deduplication; security codes apart, encrypted, until authorization. Every operation
 * needs its permission and writes an audit leaf, refusals included.
 */
export interface CardVault {
  /** Validates and tokenizes one card, or returns the tenant's existing token for its PAN. */
  tokenize(
    tenantId: TenantId,
    principal: CardPrincipal,
    input: CardInput,
    context?: CardRequestContext,
  ): Promise<Result<TokenizedCard, TokenizeCardError>>;
  /**
   * Tokenizes up to {@link CARD_BATCH_SIZE_MAX} cards with one result each, in order; an invalid
   * card fails alone. A larger batch is refused whole, before anything is written.
   */
  tokenizeBatch(
    tenantId: TenantId,
    principal: CardPrincipal,
    inputs: readonly CardInput[],
    context?: CardRequestContext,
  ): Promise<Result<Result<TokenizedCard, TokenizeBatchItemError>[], TokenizeBatchError>>;
  /** Reveals a token masked (the default) or in full, for a stated purpose. */
  detokenize(
    tenantId: TenantId,
    principal: CardPrincipal,
    token: string,
    options: DetokenizeOptions,
    context?: CardRequestContext,
  ): Promise<Result<RevealedCard, DetokenizeError>>;
  /** Returns the security code held for a token once, for an authorization, and forgets it. */
  takeCvvForAuthorization(
    tenantId: TenantId,
    principal: CardPrincipal,
    token: string,
    purpose: string,
    context?: CardRequestContext,
  ): Promise<Result<string, TakeCvvError>>;
  /** Deletes a token, its fingerprint index records and any held security code. */
  deleteToken(
    tenantId: TenantId,
    principal: CardPrincipal,
    token: string,
    context?: CardRequestContext,
  ): Promise<Result<void, DeleteTokenError>>;
  /** Removes the tenant's expired security codes; run it periodically (PCI DSS 3.2.1). */
  sweepSensitiveData(tenantId: TenantId): Promise<Result<number, SensitiveDataStoreError>>;
}

/** Builds the {@link CardVault}. */
export function createCardVault(options: CardVaultOptions): CardVault {
  const keyId = options.keyId ?? CARD_KEK_DEFAULT;
  const cvvTtlMs = options.cvvTtlMs ?? CVV_TTL_DEFAULT_MS;
  assert(KEK_NAME_PATTERN.test(keyId), 'keyId is a KEK name');
  assert(
    Number.isSafeInteger(cvvTtlMs) && cvvTtlMs >= 1000 && cvvTtlMs <= CVV_TTL_MAX_MS,
    'cvvTtlMs is from one second to CVV_TTL_MAX_MS',
  );
  assert(
    options.storage.limits.writesPerTransaction >= CARD_WRITES_PER_CARD,
    'the storage commits at least one card per transaction',
  );
  const vault: CardVaultContext = {
    storage: options.storage,
    audit: options.audit,
    cipher: options.cipher,
    fingerprintKey: options.fingerprintKey,
    sensitiveData:
      options.sensitiveData ?? createMemorySensitiveDataStore({ clock: options.clock }),
    clock: options.clock,
    keyId,
    cvvTtlMs,
    appendLeaf: createCardLeafWriter(options.storage, options.audit),
  };
  const action = CARD_AUDIT_ACTIONS.tokenized;
  // Single and batch tokenization need the same permission, refused with the same leaf.
  const requireTokenize = (
    tenantId: TenantId,
    principal: CardPrincipal,
    context: CardRequestContext | undefined,
  ) =>
    requireCardPermission(
      vault,
      tenantId,
      principal,
      CARD_PERMISSIONS.tokenize,
      action,
      'vault',
      context,
    );

  const tokenizeBatch: CardVault['tokenizeBatch'] = async (
    tenantId,
    principal,
    inputs,
    context,
  ) => {
    const allowed = await requireTokenize(tenantId, principal, context);
    if (allowed.isErr()) return err(allowed.error);
    if (!Array.isArray(inputs) || inputs.length > CARD_BATCH_SIZE_MAX) {
      const attempted = Array.isArray(inputs) ? inputs.length : 0;
      return err({ type: 'vault.batch_too_large', maximum: CARD_BATCH_SIZE_MAX, attempted });
    }
    const now = vault.clock.now();
    const validated = inputs.map((input) => validateCardInput(input, now));
    const valid: ValidatedCard[] = [];
    for (const card of validated) if (card.isOk()) valid.push(card.value);
    const tokenized = await tokenizeValidatedCards(
      vault,
      tenantId,
      valid.map((card) => ({ card, principal, context })),
    );
    if (tokenized.isErr()) return err(tokenized.error);
    const queue = tokenized.value.values();
    return ok(
      validated.map((card): Result<TokenizedCard, TokenizeBatchItemError> => {
        if (card.isErr()) return err(card.error);
        const next = queue.next();
        assert(next.done !== true, 'every valid card has a result');
        return next.value;
      }),
    );
  };

  // Concurrent single tokenizations of a tenant share transactions (group commit), each card
  // with its own caller in its audit leaf and its own result.
  const maxInFlight = options.autoBatch === false ? 1 : (options.autoBatch?.maxInFlight ?? 4);
  const singles = createAutoBatcher(
    { maxBatchSize: CARD_BATCH_SIZE_MAX, maxInFlight },
    async (
      tenantId,
      requests: readonly CardTokenizeRequest[],
    ): Promise<Result<TokenizedCard, TokenizeCardError>[]> => {
      const tokenized = await tokenizeValidatedCards(vault, tenantId as TenantId, requests);
      if (tokenized.isErr()) return requests.map(() => err(tokenized.error));
      return tokenized.value;
    },
  );

  return {
    async tokenize(tenantId, principal, input, context) {
      const allowed = await requireTokenize(tenantId, principal, context);
      if (allowed.isErr()) return err(allowed.error);
      const card = validateCardInput(input, vault.clock.now());
      if (card.isErr()) return err(card.error);
      const request = { card: card.value, principal, context };
      if (options.autoBatch === false) {
        const alone = await tokenizeValidatedCards(vault, tenantId, [request]);
        if (alone.isErr()) return err(alone.error);
        const [result] = alone.value;
        assert(result !== undefined, 'one card gives one result');
        return result;
      }
      return singles.submit(tenantId, request);
    },
    tokenizeBatch,
    detokenize: (tenantId, principal, token, detokenizeOptions, context) =>
      detokenizeCard(vault, tenantId, principal, token, detokenizeOptions, context),
    takeCvvForAuthorization: (tenantId, principal, token, purpose, context) =>
      takeCvv(vault, tenantId, principal, token, purpose, context),
    deleteToken: (tenantId, principal, token, context) =>
      deleteCardToken(vault, tenantId, principal, token, context),
    sweepSensitiveData: (tenantId) => vault.sensitiveData.sweep(tenantId),
  };
}
