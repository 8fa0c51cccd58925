import { FakeClock, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../src/crypto/base64.js';
import {
  formatSoftwareKeyring,
  generateSoftwareKeyring,
  parseSoftwareKeyring,
  SOFTWARE_KEYRING_TEXT_MAX_LENGTH,
  softwareKeyringFromEnvironment,
} from '../../src/kms/software-keyring.js';

const material = encodeBase64(new Uint8Array(32).fill(7));
const keyring = (keys: unknown) => JSON.stringify({ format: 'strongroom-keyring/1', keys });
const version = (overrides: Record<string, unknown> = {}) => ({
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  material,
  ...overrides,
});

describe('software keyring', () => {
  it('generates, formats and parses back the same keyring', () => {
    const clock = new FakeClock();
    const generated = generateSoftwareKeyring(['cards', 'fields'], clock);
    const text = formatSoftwareKeyring(generated);
    const parsed = unwrapOrThrow(parseSoftwareKeyring(text));
    expect([...parsed.keys.keys()]).toEqual(['cards', 'fields']);
    expect(parsed).toEqual(generated);
    expect(parsed.keys.get('cards')?.[0]?.material).not.toEqual(
      parsed.keys.get('fields')?.[0]?.material,
    );
    expect(JSON.parse(text).format).toBe('strongroom-keyring/1');
  });

  it('reads several versions, oldest first, and ISO instants with an offset', () => {
    const parsed = unwrapOrThrow(
      parseSoftwareKeyring(
        keyring({
          cards: [version(), version({ version: 3, createdAt: '2026-02-01T10:00:00+02:00' })],
        }),
      ),
    );
    const versions = parsed.keys.get('cards') ?? [];
    expect(versions.map((v) => v.version)).toEqual([1, 3]);
    expect(versions[1]?.createdAt.toISOString()).toBe('2026-02-01T08:00:00.000Z');
  });

  it('refuses every malformed keyring with a located, value-free error', () => {
    const cases: [string, string, string][] = [
      ['{', '$', 'not_json'],
      ['[]', '$', 'not_a_keyring'],
      [JSON.stringify({ format: 'other', keys: {} }), 'format', 'unknown_format'],
      [
        JSON.stringify({ format: 'strongroom-keyring/1', keys: {}, extra: 1 }),
        '$',
        'not_a_keyring',
      ],
      [JSON.stringify({ format: 'strongroom-keyring/1', keys: [] }), 'keys', 'not_an_object'],
      [keyring({ Cards: [version()] }), 'keys', 'bad_key_name'],
      [keyring({ cards: [] }), 'keys.cards', 'no_versions'],
      [keyring({ cards: [version({ version: 0 })] }), 'keys.cards[0].version', 'bad_version'],
      [keyring({ cards: [version({ version: 1.5 })] }), 'keys.cards[0].version', 'bad_version'],
      [
        keyring({ cards: [version(), version()] }),
        'keys.cards[1].version',
        'versions_not_increasing',
      ],
      [
        keyring({ cards: [version({ createdAt: 'yesterday' })] }),
        'keys.cards[0].createdAt',
        'bad_instant',
      ],
      [
        keyring({ cards: [version({ createdAt: '2026-13-45T00:00:00Z' })] }),
        'keys.cards[0].createdAt',
        'bad_instant',
      ],
      [
        keyring({ cards: [version({ material: 'not base64!' })] }),
        'keys.cards[0].material',
        'not_base64',
      ],
      [
        keyring({ cards: [version({ material: encodeBase64(new Uint8Array(16)) })] }),
        'keys.cards[0].material',
        'not_32_bytes',
      ],
      [keyring({ cards: [version({ secret: 'x' })] }), 'keys.cards[0]', 'not_a_key_version'],
      [' '.repeat(SOFTWARE_KEYRING_TEXT_MAX_LENGTH + 1), '$', 'too_long'],
    ];
    for (const [text, location, reason] of cases) {
      const error = parseSoftwareKeyring(text)._unsafeUnwrapErr();
      expect(error).toEqual({ type: 'kms.invalid_keyring', location, reason });
      expect(JSON.stringify(error)).not.toContain(material);
    }
  });

  it('reads a keyring from an environment value; absent or empty is missing', () => {
    const text = formatSoftwareKeyring(generateSoftwareKeyring(['cards'], new FakeClock()));
    expect(unwrapOrThrow(softwareKeyringFromEnvironment(text)).keys.has('cards')).toBe(true);
    for (const value of [undefined, '', '  ']) {
      expect(softwareKeyringFromEnvironment(value)._unsafeUnwrapErr()).toEqual({
        type: 'kms.invalid_keyring',
        location: '$',
        reason: 'missing',
      });
    }
  });

  it('refuses bad names when generating, as a programmer error', () => {
    expect(() => generateSoftwareKeyring(['Bad'], new FakeClock())).toThrow(/KEK_NAME_PATTERN/);
  });
});
