import { expect, it } from 'vitest';
import {
  failureOf,
  type IdentitySuiteContext,
  principalOf,
  registerVerified,
  signIn,
} from './identity-suite-context.js';
import { newPerson } from './suite-person.js';

const TOKEN_REVOKED = { type: 'identity.token_revoked' };
const LAPTOP = {
  label: 'Ada’s laptop',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
};
const PHONE = { label: 'Ada’s phone' };

/** Devices: listing with decrypted labels, recognition, revocation, and who may do either. */
export function defineDeviceCases(context: IdentitySuiteContext): void {
  it('lists a user’s devices with labels decrypted and recognises a returning device', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    const userId = await registerVerified(suite, tenantId, ada);
    const laptop = await signIn(suite, tenantId, ada, { device: LAPTOP });
    const phone = await signIn(suite, tenantId, ada, { device: PHONE });
    expect(phone.deviceId).not.toBe(laptop.deviceId);
    const principal = await principalOf(suite, phone);
    const listed = (await suite.identity.listDevices(principal, userId))._unsafeUnwrap();
    expect(
      listed.map(({ deviceId, label, userAgent, signedIn }) => ({
        deviceId,
        label,
        userAgent,
        signedIn,
      })),
    ).toEqual([
      {
        deviceId: laptop.deviceId,
        label: LAPTOP.label,
        userAgent: LAPTOP.userAgent,
        signedIn: true,
      },
      { deviceId: phone.deviceId, label: PHONE.label, userAgent: null, signedIn: true },
    ]);

    const again = await signIn(suite, tenantId, ada, { device: { deviceId: laptop.deviceId } });
    expect(again.deviceId).toBe(laptop.deviceId);
    expect(again.sessionId).not.toBe(laptop.sessionId);
    expect((await suite.identity.listDevices(principal, userId))._unsafeUnwrap()).toHaveLength(2);
    // The new sign-in replaced the device's previous session.
    expect(failureOf(await suite.identity.authenticate(laptop.accessToken))).toEqual(TOKEN_REVOKED);
    await principalOf(suite, again);
  });

  it('revokes one device, then all: revoked devices’ tokens stop working', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    const userId = await registerVerified(suite, tenantId, ada);
    const laptop = await signIn(suite, tenantId, ada, { device: LAPTOP });
    const phone = await signIn(suite, tenantId, ada, { device: PHONE });
    const principal = await principalOf(suite, laptop);
    const revoke = (deviceId: string) => suite.identity.revokeDevice(principal, userId, deviceId);
    expect((await revoke(phone.deviceId))._unsafeUnwrap()).toEqual({ revoked: 1 });
    expect(failureOf(await suite.identity.authenticate(phone.accessToken))).toEqual(TOKEN_REVOKED);
    const refreshed = await suite.identity.refresh({ tenantId, refreshToken: phone.refreshToken });
    expect(failureOf(refreshed)).toEqual({
      type: 'identity.invalid_refresh_token',
      reason: 'revoked',
    });
    await principalOf(suite, laptop);
    const listed = (await suite.identity.listDevices(principal, userId))._unsafeUnwrap();
    expect(listed.find((device) => device.deviceId === phone.deviceId)).toMatchObject({
      signedIn: false,
      revokedAtMs: suite.clock.now().getTime(),
    });
    // A revoked device presented again gets a new id.
    const back = await signIn(suite, tenantId, ada, { device: { deviceId: phone.deviceId } });
    expect(back.deviceId).not.toBe(phone.deviceId);

    expect(failureOf(await revoke('dev_01h455vb4pex5vsknk084sn02q'))).toEqual({
      type: 'identity.device_not_found',
    });
    expect((await revoke('all'))._unsafeUnwrap()).toEqual({ revoked: 2 });
    for (const signedIn of [laptop, back]) {
      expect(failureOf(await suite.identity.authenticate(signedIn.accessToken))).toEqual(
        TOKEN_REVOKED,
      );
    }
  });

  it('refuses another user’s devices without permission, and allows an administrator', async () => {
    const suite = await context.identity();
    // Bootstrapping: the first administrator signs up through a deployment granting `admin`.
    const bootstrap = await context.identity({ sharing: suite, defaultRoles: ['admin'] });
    const tenantId = context.tenant();
    const [ada, bob, root] = [newPerson('ada'), newPerson('bob'), newPerson('root')];
    const adaId = await registerVerified(suite, tenantId, ada);
    const bobId = await registerVerified(suite, tenantId, bob);
    await registerVerified(bootstrap, tenantId, root);
    const adaLaptop = await signIn(suite, tenantId, ada, { device: LAPTOP });
    const bobPrincipal = await principalOf(suite, await signIn(suite, tenantId, bob));
    expect(failureOf(await suite.identity.listDevices(bobPrincipal, adaId))).toEqual({
      type: 'identity.permission_denied',
      permission: 'identity.user.read',
    });
    const refused = await suite.identity.revokeDevice(bobPrincipal, adaId, adaLaptop.deviceId);
    expect(failureOf(refused)).toEqual({
      type: 'identity.permission_denied',
      permission: 'identity.device.revoke',
    });
    await principalOf(suite, adaLaptop);

    const admin = await principalOf(suite, await signIn(suite, tenantId, root));
    expect(admin.roles).toEqual(['admin']);
    expect((await suite.identity.listDevices(admin, adaId))._unsafeUnwrap()).toHaveLength(1);
    // An unknown user has no device list to show, not an empty one.
    expect(failureOf(await suite.identity.listDevices(admin, 'usr_nobody'))).toEqual({
      type: 'identity.user_not_found',
    });
    // The administrator makes Bob an operator, whose role may read users and revoke devices.
    const assigned = await suite.identity.administer(admin, bobId, {
      kind: 'assign_roles',
      roles: ['operator'],
    });
    expect(assigned.isOk()).toBe(true);
    const operator = await principalOf(suite, await signIn(suite, tenantId, bob));
    expect(operator.roles).toEqual(['operator']);
    expect((await suite.identity.listDevices(operator, adaId))._unsafeUnwrap()).toHaveLength(1);
    const revoked = await suite.identity.revokeDevice(operator, adaId, adaLaptop.deviceId);
    expect(revoked._unsafeUnwrap()).toEqual({ revoked: 1 });
    expect(failureOf(await suite.identity.authenticate(adaLaptop.accessToken))).toEqual(
      TOKEN_REVOKED,
    );
  });
}
