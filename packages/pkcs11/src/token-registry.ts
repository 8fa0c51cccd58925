import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  err,
  type InfrastructureError,
  infrastructureError,
  ok,
  type Result,
} from '@strongroom/kernel';
import pkcs11js, { type PKCS11 } from 'pkcs11js';
import { deviceFailure, ignoreFailure, returnValueOf } from './pkcs11-failure.js';

/** A logged-in token, shared by every instance in this process that opened it. */
export interface TokenLease {
  readonly pkcs11: PKCS11;
  readonly slot: Buffer;
  /** Gives the token back; the last lease logs out and the last lease of a module finalizes it. */
  release(): void;
}

/** Where a token is and how to log in to it. */
export interface TokenAddress {
  readonly modulePath: string;
  readonly tokenLabel: string;
  readonly pin: string;
}

interface TokenEntry {
  readonly loginSession: Buffer;
  readonly pinDigest: Buffer;
  leases: number;
}

interface ModuleEntry {
  readonly pkcs11: PKCS11;
  /** False when something else in the process had initialized the library: it finalizes it. */
  readonly ownsInitialization: boolean;
  readonly tokens: Map<string, TokenEntry>;
  leases: number;
}

// Cryptoki keeps one state per process and module: C_Initialize, login and logout apply to every
// session of the application. Two instances on one token must therefore share a single login,
// and the last one out logs out and finalizes. This registry is that shared state.
const modules = new Map<string, ModuleEntry>();

// A keyed digest lets a second instance's PIN be compared with the one that logged in without
// keeping the PIN; the key never leaves this process.
const pinDigestKey = randomBytes(32);
const digestPin = (pin: string) => createHmac('sha256', pinDigestKey).update(pin).digest();

const OPEN = 'pkcs11.open';

function refused(code: string, message: string): InfrastructureError {
  return infrastructureError({ retryable: false, operation: OPEN, message, code });
}

/**
 * Opens (or shares) a logged-in token. Errors never contain the PIN: a wrong one is reported as
 * `CKR_PIN_INCORRECT`, whether the token said so or the token is already logged in here under
 * another PIN.
 */
export function openToken(address: TokenAddress): Result<TokenLease, InfrastructureError> {
  const module = acquireModule(address.modulePath);
  if (module.isErr()) return err(module.error);
  const entry = module.value;
  let token: Result<{ slot: Buffer; slotKey: string; token: TokenEntry }, InfrastructureError>;
  try {
    token = findSlot(entry.pkcs11, address.tokenLabel).andThen((slot) => {
      const slotKey = slot.toString('hex');
      const shared = entry.tokens.get(slotKey);
      if (shared !== undefined) {
        return timingSafeEqual(shared.pinDigest, digestPin(address.pin))
          ? ok({ slot, slotKey, token: shared })
          : err(
              refused('CKR_PIN_INCORRECT', 'the PIN differs from the one the token is open with'),
            );
      }
      return logIn(entry, slot, address.pin).map((opened) => {
        entry.tokens.set(slotKey, opened);
        return { slot, slotKey, token: opened };
      });
    });
  } catch (error) {
    releaseModule(address.modulePath);
    return err(deviceFailure(error, OPEN));
  }
  if (token.isErr()) {
    releaseModule(address.modulePath);
    return err(token.error);
  }
  const { slot, slotKey } = token.value;
  token.value.token.leases += 1;
  let released = false;
  return ok({
    pkcs11: entry.pkcs11,
    slot,
    release: () => {
      if (released) return;
      released = true;
      releaseToken(address.modulePath, entry, slotKey);
    },
  });
}

function acquireModule(modulePath: string): Result<ModuleEntry, InfrastructureError> {
  const existing = modules.get(modulePath);
  if (existing !== undefined) {
    existing.leases += 1;
    return ok(existing);
  }
  const pkcs11 = new pkcs11js.PKCS11();
  try {
    pkcs11.load(modulePath);
  } catch {
    return err(refused('module_load_failed', `cannot load the PKCS#11 module ${modulePath}`));
  }
  let ownsInitialization = true;
  try {
    // OS locking: pkcs11js runs the *Async calls on libuv's threads, so the module must lock.
    pkcs11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (error) {
    if (returnValueOf(error) !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
      pkcs11.close();
      return err(deviceFailure(error, OPEN));
    }
    ownsInitialization = false;
  }
  const entry: ModuleEntry = { pkcs11, ownsInitialization, tokens: new Map(), leases: 1 };
  modules.set(modulePath, entry);
  return ok(entry);
}

function releaseModule(modulePath: string): void {
  const entry = modules.get(modulePath);
  if (entry === undefined) return;
  entry.leases -= 1;
  if (entry.leases > 0) return;
  modules.delete(modulePath);
  if (entry.ownsInitialization) ignoreFailure(() => entry.pkcs11.C_Finalize());
  entry.pkcs11.close();
}

function findSlot(pkcs11: PKCS11, tokenLabel: string): Result<Buffer, InfrastructureError> {
  // Token labels are 32 bytes padded with spaces.
  const matching = pkcs11
    .C_GetSlotList(true)
    .filter((slot) => pkcs11.C_GetTokenInfo(slot).label.trimEnd() === tokenLabel);
  const [slot, ...others] = matching;
  if (slot === undefined) {
    return err(refused('token_not_found', `no token labelled ${JSON.stringify(tokenLabel)}`));
  }
  if (others.length > 0) {
    return err(
      refused(
        'token_label_ambiguous',
        `${matching.length} tokens are labelled ${JSON.stringify(tokenLabel)}`,
      ),
    );
  }
  return ok(slot);
}

function logIn(
  entry: ModuleEntry,
  slot: Buffer,
  pin: string,
): Result<TokenEntry, InfrastructureError> {
  const { pkcs11 } = entry;
  // The login session anchors the login: Cryptoki logs out when an application's last session
  // on a token closes.
  const loginSession = pkcs11.C_OpenSession(
    slot,
    pkcs11js.CKF_RW_SESSION | pkcs11js.CKF_SERIAL_SESSION,
  );
  try {
    pkcs11.C_Login(loginSession, pkcs11js.CKU_USER, pin);
  } catch (error) {
    ignoreFailure(() => pkcs11.C_CloseSession(loginSession));
    return err(deviceFailure(error, OPEN));
  }
  return ok({ loginSession, pinDigest: digestPin(pin), leases: 0 });
}

function releaseToken(modulePath: string, entry: ModuleEntry, slotKey: string): void {
  const token = entry.tokens.get(slotKey);
  if (token !== undefined) {
    token.leases -= 1;
    if (token.leases === 0) {
      entry.tokens.delete(slotKey);
      // A token that went away is logged out and its sessions are gone: nothing to undo then.
      ignoreFailure(() => entry.pkcs11.C_Logout(token.loginSession));
      ignoreFailure(() => entry.pkcs11.C_CloseSession(token.loginSession));
    }
  }
  releaseModule(modulePath);
}
