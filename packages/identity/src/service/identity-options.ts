import type { AuditLog } from '@strongroom/audit';
import type { Clock, IdGenerator, KeyValueCache, RateLimiter, Storage } from '@strongroom/kernel';
import type { Vault } from '@strongroom/vault';
import type { RoleCatalogue } from '../authorization/roles.js';
import type { PasskeyRelyingParty } from '../passkeys/passkey-options.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { RevocationList } from '../revocation/revocation-list.js';
import type { IdentitySender } from '../senders/identity-sender.js';
import type { IdentityRateLimits } from './identity-limits.js';

/** How access tokens are signed and checked. */
export interface AccessTokenSettings {
  /** The `iss` claim, e.g. `https://auth.example.com`. */
  readonly issuer: string;
  /** The `aud` claim, e.g. `https://api.example.com`. */
  readonly audience: string;
  /** `EdDSA` (Ed25519, default) or `ES256`. */
  readonly algorithm?: 'EdDSA' | 'ES256';
  /** Default 10 minutes, at most an hour. */
  readonly ttlMs?: number;
  /** Clock skew tolerated on `exp` and `nbf`; default 30 s. */
  readonly leewayMs?: number;
}

/** What {@link createIdentity} needs. */
export interface IdentityOptions {
  readonly storage: Storage;
  readonly audit: AuditLog;
  /** Field encryption for personal data, the envelope cipher for signing keys. */
  readonly vault: Vault;
  readonly passwordHasher: PasswordHasher;
  readonly rateLimiter: RateLimiter;
  readonly revocations: RevocationList;
  /** Where published JWKS are cached between requests (Redis, the storage); optional. */
  readonly cache?: KeyValueCache;
  readonly sender: IdentitySender;
  readonly tokens: AccessTokenSettings;
  /** Passkeys need the relying party (the site's domain and origins); off without it. */
  readonly relyingParty?: PasskeyRelyingParty;
  /** The issuer shown in authenticator apps; default the relying party's name or `Strongroom`. */
  readonly totpIssuer?: string;
  readonly roles?: RoleCatalogue;
  /** Roles a new user gets; default none. */
  readonly defaultRoles?: readonly string[];
  readonly rateLimits?: Partial<IdentityRateLimits>;
  readonly lockout?: {
    readonly failures?: number;
    readonly cooldownBaseMs?: number;
    readonly cooldownMaxMs?: number;
  };
  readonly sessionTtlMs?: number;
  /**
   * Fewest code points a new password may have (registration, reset); default 8, what NIST SP
   * 800-63B allows when the password is one factor of several. Set 15 where passwords are the
   * only factor, as 800-63B-4 requires then. Between 8 and 128.
   */
  readonly passwordMinimumLength?: number;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
}
