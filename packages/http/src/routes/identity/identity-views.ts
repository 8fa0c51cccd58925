import type {
  AuthenticatedPrincipal,
  DeviceView,
  MfaRequired,
  SignedIn,
} from '@strongroom/identity';

// Identity keeps instants as epoch milliseconds; the API shows them as ISO 8601 like every other
// group, so the views turn them into dates that `toWire` writes out.
const instant = (epochMs: number) => new Date(epochMs);

/** A completed sign-in as the API shows it. */
export function signedInView(signedIn: SignedIn) {
  return {
    status: signedIn.status,
    tokenType: 'Bearer' as const,
    userId: signedIn.userId,
    deviceId: signedIn.deviceId,
    sessionId: signedIn.sessionId,
    accessToken: signedIn.accessToken,
    accessTokenExpiresAt: instant(signedIn.accessTokenExpiresAtMs),
    refreshToken: signedIn.refreshToken,
    refreshTokenExpiresAt: instant(signedIn.refreshTokenExpiresAtMs),
  };
}

/** A pending second-factor step as the API shows it. */
export function mfaRequiredView(required: MfaRequired) {
  return {
    status: required.status,
    mfaToken: required.mfaToken,
    methods: required.methods,
    expiresAt: instant(required.expiresAtMs),
  };
}

/** A device as the API shows it. */
export function deviceView(device: DeviceView) {
  return {
    deviceId: device.deviceId,
    label: device.label,
    userAgent: device.userAgent,
    firstSeenAt: instant(device.firstSeenAtMs),
    lastSeenAt: instant(device.lastSeenAtMs),
    revokedAt: device.revokedAtMs === null ? null : instant(device.revokedAtMs),
    signedIn: device.signedIn,
  };
}

/** The caller as their verified access token names them, with what their roles grant. */
export function meView(principal: AuthenticatedPrincipal, permissions: ReadonlySet<string>) {
  // The brand is for the domain's type checks; on the wire a tenant id is a plain string.
  const tenantId: string = principal.tenantId;
  return {
    userId: principal.userId,
    tenantId,
    deviceId: principal.deviceId,
    sessionId: principal.sessionId,
    roles: principal.roles,
    permissions: [...permissions].sort(),
    authenticationMethods: principal.authenticationMethods,
    accessTokenExpiresAt: instant(principal.expiresAtMs),
  };
}
