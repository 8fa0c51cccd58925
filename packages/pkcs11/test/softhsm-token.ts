import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The SoftHSM2 module: bootstrap exports its path; the Debian package's path otherwise. */
export const SOFTHSM_MODULE =
  process.env['STRONGROOM_SOFTHSM_MODULE'] ?? '/usr/lib/softhsm/libsofthsm2.so';

/** A SoftHSM2 token made for this test process. */
export interface SoftHsmToken {
  readonly modulePath: string;
  readonly tokenLabel: string;
  readonly pin: string;
}

let token: SoftHsmToken | undefined;
let folder: string | undefined;

function requireSoftHsm(): void {
  const missing = [
    existsSync(SOFTHSM_MODULE) ? undefined : `the module ${SOFTHSM_MODULE}`,
    commandExists('softhsm2-util') ? undefined : 'the softhsm2-util command',
  ].filter((item) => item !== undefined);
  if (missing.length > 0) {
    throw new Error(
      `SoftHSM2 is required by the @strongroom/pkcs11 tests and ${missing.join(' and ')} ` +
        'could not be found: install it with `apt-get install -y softhsm2` (`.ci/bootstrap.sh` ' +
        'does), or point STRONGROOM_SOFTHSM_MODULE at libsofthsm2.so.',
    );
  }
}

function commandExists(command: string): boolean {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The token of this test process, made on first use: SoftHSM2 gets a configuration of its own
 * (`SOFTHSM2_CONF`) pointing at a fresh temporary token folder, and `softhsm2-util` initialises
 * one token there. SoftHSM2 reads its configuration and token list when the module is
 * initialised, so every test of a file shares this one token and uses fresh KEK names.
 */
export function softHsmToken(): SoftHsmToken {
  if (token !== undefined) return token;
  requireSoftHsm();
  folder = mkdtempSync(join(tmpdir(), 'strongroom-softhsm-'));
  const tokens = join(folder, 'tokens');
  mkdirSync(tokens);
  const config = join(folder, 'softhsm2.conf');
  writeFileSync(
    config,
    [
      `directories.tokendir = ${tokens}`,
      'objectstore.backend = file',
      'log.level = ERROR',
      'slots.removable = false',
      '',
    ].join('\n'),
  );
  process.env['SOFTHSM2_CONF'] = config;
  const created: SoftHsmToken = {
    modulePath: SOFTHSM_MODULE,
    tokenLabel: `strongroom-${process.pid}`,
    pin: `user-${crypto.randomUUID()}`,
  };
  execFileSync(
    'softhsm2-util',
    [
      '--init-token',
      '--free',
      '--label',
      created.tokenLabel,
      '--so-pin',
      `so-${crypto.randomUUID()}`,
      '--pin',
      created.pin,
    ],
    { env: process.env, stdio: 'pipe', timeout: 30_000 },
  );
  token = created;
  return created;
}

/** Deletes the token folder; call once every KMS on the token is closed. */
export function removeSoftHsmToken(): void {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
  token = undefined;
}
