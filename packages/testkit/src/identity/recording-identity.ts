import type { DeviceInput, Identity, MfaRequired, SignedIn } from '@strongroom/identity';
import type { SensitiveValues } from '../vault/sensitive-values.js';
import { totpSecretOf } from './totp-code.js';

function addIfText(sensitive: SensitiveValues, value: unknown): void {
  if (typeof value === 'string' && value.length > 0) sensitive.addText(value);
}

function rememberSession(sensitive: SensitiveValues, outcome: SignedIn | MfaRequired): void {
  if (outcome.status === 'mfa_required') {
    sensitive.addText(outcome.mfaToken);
    return;
  }
  sensitive.addText(outcome.accessToken);
  sensitive.addText(outcome.refreshToken);
}

function rememberDevice(sensitive: SensitiveValues, device: DeviceInput): void {
  addIfText(sensitive, device.label);
  addIfText(sensitive, device.userAgent);
}

function rememberRecoveryCodes(sensitive: SensitiveValues, codes: readonly string[]): void {
  for (const code of codes) {
    sensitive.addText(code);
    sensitive.addText(code.replaceAll('-', ''));
  }
}

/**
 * Wraps an identity so that everything secret or personal crossing its boundary in a successful
 * command — emails, phones, passwords, device labels, access, refresh and MFA tokens, TOTP secrets
 * and recovery codes — is added to `sensitive`, like the vault suite's recording KMS. The stored
 * data scan then proves none of it reached the storage in plaintext, whichever case sent it.
 */
export function recordingIdentity(inner: Identity, sensitive: SensitiveValues): Identity {
  const { mfa } = inner;
  return {
    ...inner,
    async register(input) {
      const result = await inner.register(input);
      if (result.isOk()) {
        addIfText(sensitive, typeof input.email === 'string' ? input.email.trim() : undefined);
        addIfText(sensitive, input.password);
        addIfText(sensitive, input.phone);
        if (typeof input.phone === 'string')
          sensitive.addText(input.phone.replace(/[\s().-]/g, ''));
      }
      return result;
    },
    async login(input) {
      const result = await inner.login(input);
      if (result.isOk()) {
        rememberSession(sensitive, result.value);
        rememberDevice(sensitive, input.device);
      }
      return result;
    },
    async refresh(input) {
      const result = await inner.refresh(input);
      if (result.isOk()) rememberSession(sensitive, result.value);
      return result;
    },
    async resetPassword(input) {
      const result = await inner.resetPassword(input);
      if (result.isOk()) addIfText(sensitive, input.newPassword);
      return result;
    },
    mfa: {
      ...mfa,
      async beginTotpEnrollment(principal, request) {
        const result = await mfa.beginTotpEnrollment(principal, request);
        if (result.isOk()) sensitive.addText(totpSecretOf(result.value.uri));
        return result;
      },
      async confirmTotpEnrollment(principal, code, request) {
        const result = await mfa.confirmTotpEnrollment(principal, code, request);
        if (result.isOk()) rememberRecoveryCodes(sensitive, result.value.recoveryCodes);
        return result;
      },
      async regenerateRecoveryCodes(principal, request) {
        const result = await mfa.regenerateRecoveryCodes(principal, request);
        if (result.isOk()) rememberRecoveryCodes(sensitive, result.value.recoveryCodes);
        return result;
      },
      async completeLogin(input) {
        const result = await mfa.completeLogin(input);
        if (result.isOk()) rememberSession(sensitive, result.value);
        return result;
      },
    },
  };
}
