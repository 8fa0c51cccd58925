import { typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import {
  type CompactJWSHeaderParameters,
  type CryptoKey,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_MAX_LENGTH } from '../src/tokens/access-token-limits.js';
import {
  createTokenHarness,
  encodeSegment,
  signAsInsider,
  subjectOf,
  type TokenHarness,
  tenant,
  validClaims,
} from './access-token-fixture.js';

const acme = tenant('acme');
const globex = tenant('globex');

const invalid = (reason: string) => ({ type: 'identity.invalid_token', reason });

// One issued token and the parts of it an attacker starts from.
async function issued(harness: TokenHarness, tenantId = acme) {
  const tokens = harness.tokens();
  const { token } = unwrapOrThrow(await tokens.issue(subjectOf(tenantId)));
  const [header = '', payload = '', signature = ''] = token.split('.');
  return {
    tokens,
    token,
    header,
    payload,
    signature,
    kid: String(decodeProtectedHeader(token).kid),
  };
}

describe('verify: algorithm attacks (RFC 8725 §2.1, §3.1)', () => {
  it('refuses alg none with an empty signature', async () => {
    const harness = createTokenHarness();
    const { tokens, kid } = await issued(harness);
    const forged = `${encodeSegment({ alg: 'none', kid, typ: 'at+jwt' })}.${encodeSegment(validClaims(harness, acme))}.`;
    expect((await tokens.verify(forged))._unsafeUnwrapErr()).toEqual(
      invalid('unsupported_algorithm'),
    );
    const upper = `${encodeSegment({ alg: 'NONE', kid, typ: 'at+jwt' })}.${encodeSegment(validClaims(harness, acme))}.`;
    expect((await tokens.verify(upper))._unsafeUnwrapErr()).toEqual(
      invalid('unsupported_algorithm'),
    );
  });

  it('refuses HS256 tokens keyed with the public key (raw bytes or PEM)', async () => {
    const harness = createTokenHarness();
    const { tokens, kid } = await issued(harness);
    const jwk = unwrapOrThrow(await tokens.jwks(acme)).keys[0];
    if (jwk === undefined) throw new Error('the tenant publishes its key');
    const publicKey = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'EdDSA', {
      extractable: true,
    });
    const secrets = [
      Buffer.from(jwk.x, 'base64url'),
      new TextEncoder().encode(await exportSPKI(publicKey as CryptoKey)),
    ];
    for (const secret of secrets) {
      const forged = await new SignJWT(validClaims(harness, acme))
        .setProtectedHeader({ alg: 'HS256', kid, typ: 'at+jwt' })
        .sign(secret);
      expect((await tokens.verify(forged))._unsafeUnwrapErr()).toEqual(
        invalid('unsupported_algorithm'),
      );
    }
  });

  it("refuses a supported algorithm that is not the key's own (ES256 header on an EdDSA key)", async () => {
    const harness = createTokenHarness();
    const { tokens, kid } = await issued(harness);
    const attacker = await generateKeyPair('ES256');
    const forged = await new SignJWT(validClaims(harness, acme))
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .sign(attacker.privateKey);
    expect((await tokens.verify(forged))._unsafeUnwrapErr()).toEqual(
      invalid('unsupported_algorithm'),
    );
  });
});

describe('verify: key selection attacks (RFC 8725 §3.10)', () => {
  it('refuses an unknown, foreign-format or missing kid', async () => {
    const harness = createTokenHarness();
    const { tokens, payload, signature } = await issued(harness);
    for (const kid of [typeIdGenerator.next('key'), 'active', '../../etc/passwd', undefined]) {
      const header = encodeSegment({
        alg: 'EdDSA',
        typ: 'at+jwt',
        ...(kid === undefined ? {} : { kid }),
      });
      expect((await tokens.verify(`${header}.${payload}.${signature}`))._unsafeUnwrapErr()).toEqual(
        invalid('unknown_key'),
      );
    }
  });

  it('refuses tokens that embed or point at their own key (jwk, jku, x5u, x5c)', async () => {
    const harness = createTokenHarness();
    const { tokens, kid } = await issued(harness);
    const attacker = await generateKeyPair('EdDSA', { extractable: true });
    const attackerJwk = await exportJWK(attacker.publicKey);
    const embedded = [
      { jwk: attackerJwk },
      { jku: 'https://attacker.test/jwks.json' },
      { x5u: 'https://attacker.test/cert.pem' },
      { x5c: ['MIIB'] },
    ];
    for (const parameter of embedded) {
      const forged = await new SignJWT(validClaims(harness, acme))
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt', ...parameter })
        .sign(attacker.privateKey);
      expect((await tokens.verify(forged))._unsafeUnwrapErr()).toEqual(invalid('embedded_key'));
    }
  });

  it("refuses a token signed by another key under the tenant's kid", async () => {
    const harness = createTokenHarness();
    const { tokens, kid } = await issued(harness);
    const attacker = await generateKeyPair('EdDSA');
    const forged = await new SignJWT(validClaims(harness, acme))
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
      .sign(attacker.privateKey);
    expect((await tokens.verify(forged))._unsafeUnwrapErr()).toEqual(invalid('bad_signature'));
  });
});

describe('verify: tampering and tenants', () => {
  it('refuses a payload edited under the original signature', async () => {
    const harness = createTokenHarness();
    const { tokens, header, payload, signature } = await issued(harness);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const elevated = encodeSegment({ ...claims, roles: ['admin'] });
    expect((await tokens.verify(`${header}.${elevated}.${signature}`))._unsafeUnwrapErr()).toEqual(
      invalid('bad_signature'),
    );
    const flipped = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect((await tokens.verify(flipped))._unsafeUnwrapErr()).toEqual(invalid('bad_signature'));
  });

  it("refuses another tenant's token relabelled, and a token of the wrong tenant for the caller", async () => {
    const harness = createTokenHarness();
    const fromGlobex = await issued(harness, globex);
    unwrapOrThrow(await fromGlobex.tokens.issue(subjectOf(acme)));
    const claims = decodeJwt(fromGlobex.token);
    const relabelled = `${fromGlobex.header}.${encodeSegment({ ...claims, tid: 'acme' })}.${fromGlobex.signature}`;
    // acme's keys are searched, and globex's kid is not among them.
    expect((await fromGlobex.tokens.verify(relabelled))._unsafeUnwrapErr()).toEqual(
      invalid('unknown_key'),
    );
    expect(
      (await fromGlobex.tokens.verify(fromGlobex.token, { tenantId: acme }))._unsafeUnwrapErr(),
    ).toEqual(invalid('wrong_tenant'));
    expect((await fromGlobex.tokens.verify(fromGlobex.token, { tenantId: globex })).isOk()).toBe(
      true,
    );
  });
});

describe('verify: registered claims and type', () => {
  it('refuses another audience or issuer', async () => {
    const harness = createTokenHarness();
    const verifier = harness.tokens();
    const otherAudience = harness.tokens({ audience: 'https://other-api.test' });
    const otherIssuer = harness.tokens({ issuer: 'https://other-id.test' });
    const forAudience = unwrapOrThrow(await otherAudience.issue(subjectOf(acme)));
    const fromIssuer = unwrapOrThrow(await otherIssuer.issue(subjectOf(acme)));
    expect((await verifier.verify(forAudience.token))._unsafeUnwrapErr()).toEqual(
      invalid('wrong_audience'),
    );
    expect((await verifier.verify(fromIssuer.token))._unsafeUnwrapErr()).toEqual(
      invalid('wrong_issuer'),
    );
  });

  it('refuses a JWT of another type, or of none, even under the right key', async () => {
    const harness = createTokenHarness();
    const { tokens } = await issued(harness);
    for (const typ of ['JWT', 'dpop+jwt', undefined]) {
      const header = { typ } as Partial<CompactJWSHeaderParameters>;
      const forged = await signAsInsider(harness, acme, header, validClaims(harness, acme));
      expect((await tokens.verify(forged))._unsafeUnwrapErr()).toEqual(invalid('wrong_type'));
    }
    const explicit = await signAsInsider(
      harness,
      acme,
      { typ: 'application/at+jwt' },
      validClaims(harness, acme),
    );
    expect((await tokens.verify(explicit)).isOk()).toBe(true);
  });

  it('refuses a signed token missing any required claim', async () => {
    const harness = createTokenHarness();
    const { tokens } = await issued(harness);
    for (const claim of [
      'sub',
      'tid',
      'dev',
      'sid',
      'jti',
      'roles',
      'amr',
      'iss',
      'aud',
      'iat',
      'nbf',
      'exp',
    ]) {
      const { [claim]: _dropped, ...rest } = validClaims(harness, acme);
      const forged = await signAsInsider(harness, acme, {}, rest);
      expect({ claim, error: (await tokens.verify(forged))._unsafeUnwrapErr() }).toEqual({
        claim,
        error: invalid('missing_claim'),
      });
    }
  });

  it('refuses a signed token whose claims have the wrong shape', async () => {
    const harness = createTokenHarness();
    const { tokens } = await issued(harness);
    const cases: Record<string, unknown>[] = [
      { roles: 'admin' },
      { roles: ['Admin'] },
      { amr: [1] },
      { sub: 42 },
      { dev: 'd'.repeat(65) },
      { jti: '' },
      { iat: 'yesterday' },
      { nbf: '0' },
      { tid: 'ACME' },
    ];
    for (const edit of cases) {
      const forged = await signAsInsider(harness, acme, {}, {
        ...validClaims(harness, acme),
        ...edit,
      } as JWTPayload);
      expect({ edit, error: (await tokens.verify(forged))._unsafeUnwrapErr() }).toEqual({
        edit,
        error: invalid('malformed'),
      });
    }
  });
});

describe('verify: malformed input', () => {
  it('refuses over-long tokens before parsing them', async () => {
    const { tokens } = await issued(createTokenHarness());
    const tooLong = `${'a'.repeat(ACCESS_TOKEN_MAX_LENGTH)}.b.c`;
    expect((await tokens.verify(tooLong))._unsafeUnwrapErr()).toEqual(invalid('too_long'));
  });

  it('refuses anything that is not a compact JWS with JSON header and claims', async () => {
    const { tokens, header, payload, signature } = await issued(createTokenHarness());
    const cases = [
      '',
      'not a token',
      `${header}.${payload}`,
      `${header}.${payload}.${signature}.extra`,
      `${header}.${payload}.${signature}=`,
      `${encodeSegment('text')}.${payload}.${signature}`,
      `${Buffer.from('{not json').toString('base64url')}.${payload}.${signature}`,
      `${header}.${Buffer.from('[1,2]').toString('base64url')}.${signature}`,
      42 as unknown as string,
    ];
    for (const token of cases) {
      expect((await tokens.verify(token))._unsafeUnwrapErr()).toEqual(invalid('malformed'));
    }
  });

  it('never echoes the token or its parts in an error', async () => {
    const harness = createTokenHarness();
    const { tokens, header, payload, signature } = await issued(harness);
    const tampered = `${header}.${encodeSegment({ ...decodeJwt(`${header}.${payload}.${signature}`), sub: 'usr_x' })}.${signature}`;
    const error = JSON.stringify((await tokens.verify(tampered))._unsafeUnwrapErr());
    for (const part of [header, payload, signature, 'usr_x']) expect(error).not.toContain(part);
  });
});
