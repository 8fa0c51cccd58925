import { unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  encodeWrapContext,
  WRAP_CONTEXT_MAX_ENTRIES,
  WRAP_CONTEXT_VALUE_MAX_BYTES,
} from '../../src/kms/wrap-context.js';

describe('encodeWrapContext', () => {
  it('is canonical: property order does not matter, any difference does', () => {
    const a = unwrapOrThrow(encodeWrapContext({ tenant: 'acme', kek: 'cards' }));
    const b = unwrapOrThrow(encodeWrapContext({ kek: 'cards', tenant: 'acme' }));
    expect(a).toEqual(b);
    for (const other of [
      { tenant: 'acme', kek: 'card' },
      { tenant: 'acme' },
      { tenant: 'acme', kek: 'cards', purpose: 'x' },
      { tenant: 'acmek', ek: 'cards' },
      {},
    ]) {
      expect(unwrapOrThrow(encodeWrapContext(other))).not.toEqual(a);
    }
  });

  it('lays out a label, the count, then sorted length-prefixed entries', () => {
    const bytes = unwrapOrThrow(encodeWrapContext({ b: '2', a: '1' }));
    const label = 'strongroom/kms/wrap-context/v1';
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(0)).toBe(label.length);
    expect(new TextDecoder().decode(bytes.subarray(4, 4 + label.length))).toBe(label);
    const rest = [...bytes.subarray(4 + label.length)];
    expect(rest).toEqual([
      0, 0, 0, 2, 0, 0, 0, 1, 97, 0, 0, 0, 1, 49, 0, 0, 0, 1, 98, 0, 0, 0, 1, 50,
    ]);
  });

  it('refuses bad keys, values and sizes with typed errors', () => {
    const tooMany = Object.fromEntries(
      Array.from({ length: WRAP_CONTEXT_MAX_ENTRIES + 1 }, (_, index) => [`k${index}`, 'v']),
    );
    const cases: [unknown, string][] = [
      [tooMany, 'too_many_entries'],
      [{ Tenant: 'a' }, 'bad_key'],
      [{ '': 'a' }, 'bad_key'],
      [{ tenant: 1 }, 'bad_value'],
      [{ tenant: '\ud800' }, 'bad_value'],
      [{ tenant: 'x'.repeat(WRAP_CONTEXT_VALUE_MAX_BYTES + 1) }, 'value_too_long'],
      [null, 'not_an_object'],
    ];
    for (const [context, reason] of cases) {
      expect(encodeWrapContext(context as Record<string, string>)._unsafeUnwrapErr()).toEqual({
        type: 'kms.invalid_request',
        field: 'context',
        reason,
      });
    }
    expect(encodeWrapContext({ tenant: 'x'.repeat(WRAP_CONTEXT_VALUE_MAX_BYTES) }).isOk()).toBe(
      true,
    );
  });
});
