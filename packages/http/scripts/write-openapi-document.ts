/**
 * Writes the OpenAPI 3.1 document to the path given (the docs site's `docs/api/openapi.json`),
 * generated from the same zod schemas the API validates with, so the published document cannot
 * drift from the routes. Runs the API in memory; nothing is listened on.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import { ok, parseTenantId, systemClock, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { createStrongroom } from '@strongroom/sdk';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  generateSoftwareKeyring,
} from '@strongroom/vault';
import { createHttpApi, silentLogger } from '../src/index.js';

const target = process.argv[2];
if (target === undefined) throw new Error('usage: write-openapi-document <output.json>');
const secret = JSON.stringify({
  versions: [{ version: 1, value: Buffer.alloc(32, 7).toString('base64') }],
});
const strongroom = createStrongroom({
  storage: createMemoryStorage(),
  audit: {
    signing: { originPrefix: 'audit.docs.example', masterSeeds: [new Uint8Array(32).fill(1)] },
  },
  vault: {
    kms: createSoftwareKms({ keyring: generateSoftwareKeyring(['cards', 'fields'], systemClock) }),
    secrets: createEnvironmentSecretProvider({
      STRONGROOM_SECRET_CARD_FINGERPRINT: secret,
      STRONGROOM_SECRET_BLIND_INDEX: secret,
    }),
  },
  identity: {
    passwordHasher: createArgon2PasswordHasher(),
    sender: { send: async () => ok(undefined) },
    tokens: { issuer: 'https://auth.docs.example', audience: 'https://api.docs.example' },
  },
  disputes: { houseAccounts: () => undefined },
});
try {
  const api = createHttpApi(strongroom, {
    publicTenant: unwrapOrThrow(parseTenantId('docs')),
    logger: silentLogger,
  });
  const response = await api.request('/v1/openapi.json');
  if (response.status !== 200) throw new Error(`the document answered ${response.status}`);
  const path = resolve(target);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(await response.json(), null, 2)}\n`);
  console.log(`OpenAPI document written to ${path}`);
} finally {
  await strongroom.close();
}
