import { describe, expect, it } from 'vitest';
import { describeKeyState } from '../../src/keys/key-status.js';
import type { KekDescription } from '../../src/kms/kms.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const start = new Date('2026-01-01T00:00:00.000Z');

function kek(versions: number, currentVersion = versions): KekDescription {
  return {
    keyId: 'cards',
    currentVersion,
    versions: Array.from({ length: versions }, (_, index) => ({
      version: index + 1,
      createdAt: new Date(start.getTime() + index * 10 * DAY_MS),
    })),
  };
}

describe('describeKeyState', () => {
  it('marks the current version active, older ones decrypt-only and those below the minimum retired', () => {
    const described = describeKeyState({
      kek: kek(3),
      kmsKind: 'software',
      policy: { minDecryptionVersion: 2 },
      usage: new Map([
        [1, 5],
        [3, 2],
      ]),
      now: new Date(start.getTime() + 25 * DAY_MS),
    });
    expect(described.versions.map((version) => [version.version, version.status])).toEqual([
      [1, 'retired'],
      [2, 'decrypt_only'],
      [3, 'active'],
    ]);
    expect(described.versions.map((version) => version.ageMs)).toEqual([
      25 * DAY_MS,
      15 * DAY_MS,
      5 * DAY_MS,
    ]);
    expect(described.versions.map((version) => version.dataKeysGenerated)).toEqual([5, 0, 2]);
    expect(described.minDecryptionVersion).toBe(2);
    expect(described.rotationDue).toBe(false);
    expect(described.rotationReasons).toEqual([]);
  });

  it('is due by cryptoperiod once the current version is as old as the period', () => {
    const policy = { cryptoperiodMs: 30 * DAY_MS };
    const young = describeKeyState({
      kek: kek(1),
      kmsKind: 'software',
      policy,
      usage: new Map(),
      now: new Date(start.getTime() + 30 * DAY_MS - 1),
    });
    expect(young.rotationDue).toBe(false);
    const due = describeKeyState({
      kek: kek(1),
      kmsKind: 'software',
      policy,
      usage: new Map(),
      now: new Date(start.getTime() + 30 * DAY_MS),
    });
    expect(due.rotationDue).toBe(true);
    expect(due.rotationReasons).toEqual(['cryptoperiod']);
  });

  it('is due by usage on the current version only, and reports both reasons together', () => {
    const policy = { maxDataKeysPerVersion: 10, cryptoperiodMs: DAY_MS };
    const oldVersionBusy = describeKeyState({
      kek: kek(2),
      kmsKind: 'software',
      policy,
      usage: new Map([
        [1, 50],
        [2, 9],
      ]),
      now: new Date(start.getTime() + 10 * DAY_MS),
    });
    expect(oldVersionBusy.rotationDue).toBe(false);
    const both = describeKeyState({
      kek: kek(2),
      kmsKind: 'software',
      policy,
      usage: new Map([[2, 10]]),
      now: new Date(start.getTime() + 11 * DAY_MS),
    });
    expect(both.rotationReasons).toEqual(['cryptoperiod', 'usage']);
  });
});
