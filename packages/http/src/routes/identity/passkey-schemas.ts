import { z } from '@hono/zod-openapi';
import {
  PASSKEY_CREDENTIAL_ID_MAX_LENGTH,
  PASSKEY_RESPONSE_FIELD_MAX_LENGTH,
  PASSKEY_TRANSPORTS_MAX,
} from '@strongroom/identity';

// WebAuthn's JSON forms (PublicKeyCredential.toJSON()) grow new members as the spec evolves, so
// these objects drop members they do not list instead of refusing them; identity reads only the
// listed ones, each bounded here and checked again there.
function base64Url(maxLength: number) {
  return z
    .string()
    .min(1)
    .max(maxLength)
    .regex(/^[A-Za-z0-9_-]+$/);
}

const CredentialIdSchema = base64Url(PASSKEY_CREDENTIAL_ID_MAX_LENGTH);
const ResponseFieldSchema = base64Url(PASSKEY_RESPONSE_FIELD_MAX_LENGTH);
/** Longest transport name read; WebAuthn's longest is `smart-card`. */
const TRANSPORT_MAX_LENGTH = 32;

/** What `navigator.credentials.create()` answered, as its `toJSON()` gives it. */
export const PasskeyRegistrationCredentialSchema = z
  .object({
    id: CredentialIdSchema,
    rawId: CredentialIdSchema,
    type: z.literal('public-key'),
    response: z.object({
      clientDataJSON: ResponseFieldSchema,
      attestationObject: ResponseFieldSchema,
      transports: z
        .array(z.string().max(TRANSPORT_MAX_LENGTH))
        .max(PASSKEY_TRANSPORTS_MAX)
        .optional(),
    }),
  })
  .openapi('PasskeyRegistrationCredential');

/** What `navigator.credentials.get()` answered, as its `toJSON()` gives it. */
export const PasskeyAuthenticationCredentialSchema = z
  .object({
    id: CredentialIdSchema,
    rawId: CredentialIdSchema,
    type: z.literal('public-key'),
    response: z.object({
      clientDataJSON: ResponseFieldSchema,
      authenticatorData: ResponseFieldSchema,
      signature: ResponseFieldSchema,
      userHandle: ResponseFieldSchema.nullable().optional(),
    }),
  })
  .openapi('PasskeyAuthenticationCredential');

const CredentialDescriptorSchema = z.object({
  id: z.string(),
  type: z.string(),
  transports: z.array(z.string()).optional(),
});

const HintsSchema = z.array(z.enum(['hybrid', 'security-key', 'client-device'])).optional();
// The client extensions a relying party asks for; the PRF extension's byte inputs are never asked.
const ExtensionsSchema = z
  .object({
    appid: z.string().optional(),
    credProps: z.boolean().optional(),
    hmacCreateSecret: z.boolean().optional(),
    minPinLength: z.boolean().optional(),
  })
  .optional();

/** Options for `navigator.credentials.create()` (WebAuthn's PublicKeyCredentialCreationOptionsJSON). */
export const PasskeyCreationOptionsSchema = z
  .object({
    rp: z.object({ id: z.string().optional(), name: z.string() }),
    user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
    challenge: z.string(),
    pubKeyCredParams: z.array(z.object({ alg: z.number().int(), type: z.literal('public-key') })),
    timeout: z.number().int().optional(),
    excludeCredentials: z.array(CredentialDescriptorSchema).optional(),
    authenticatorSelection: z
      .object({
        authenticatorAttachment: z.enum(['cross-platform', 'platform']).optional(),
        requireResidentKey: z.boolean().optional(),
        residentKey: z.enum(['discouraged', 'preferred', 'required']).optional(),
        userVerification: z.enum(['discouraged', 'preferred', 'required']).optional(),
      })
      .optional(),
    hints: HintsSchema,
    attestation: z.enum(['direct', 'enterprise', 'indirect', 'none']).optional(),
    attestationFormats: z.array(z.string()).optional(),
    extensions: ExtensionsSchema,
  })
  .openapi('PasskeyCreationOptions');

/** Options for `navigator.credentials.get()` (WebAuthn's PublicKeyCredentialRequestOptionsJSON). */
export const PasskeyRequestOptionsSchema = z
  .object({
    challenge: z.string(),
    timeout: z.number().int().optional(),
    rpId: z.string().optional(),
    allowCredentials: z.array(CredentialDescriptorSchema).optional(),
    userVerification: z.enum(['discouraged', 'preferred', 'required']).optional(),
    hints: HintsSchema,
    extensions: ExtensionsSchema,
  })
  .openapi('PasskeyRequestOptions');
