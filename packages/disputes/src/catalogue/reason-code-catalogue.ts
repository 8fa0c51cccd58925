import { err, ok, type Result, unwrapOrThrow } from '@strongroom/kernel';
import { AMEX_REASON_CODES } from './amex-reason-codes.js';
import {
  applyOverride,
  type CatalogueOverrideError,
  overrideKey,
  type ParsedOverride,
  parseCatalogueOverrides,
  type ReasonCodeOverride,
} from './catalogue-override.js';
import { DISCOVER_REASON_CODES } from './discover-reason-codes.js';
import {
  type LegacyReasonCode,
  MASTERCARD_LEGACY_CODES,
  MASTERCARD_REASON_CODES,
} from './mastercard-reason-codes.js';
import type { ReasonCode, ReasonCodeMatch } from './reason-code.js';
import { normalizeReasonCodeQuery, type ReasonCodeInputError } from './reason-code-input.js';
import { unknownReasonCode } from './unknown-reason-code.js';
import { VISA_REASON_CODES } from './visa-reason-codes.js';

/** Every current entry the catalogue ships, before overrides. */
export const REASON_CODES: readonly ReasonCode[] = Object.freeze([
  ...VISA_REASON_CODES,
  ...MASTERCARD_REASON_CODES,
  ...AMEX_REASON_CODES,
  ...DISCOVER_REASON_CODES,
]);

/** Options of {@link createReasonCodeCatalogue}. */
export interface ReasonCodeCatalogueOptions {
  /** The user's own time limits, at most `CATALOGUE_OVERRIDES_MAX`. */
  readonly overrides?: readonly ReasonCodeOverride[];
}

/** The reason codes of every network, with the user's overrides applied. */
export interface ReasonCodeCatalogue {
  /**
   * Looks a code up. Refuses only inputs that cannot be a code (see `ReasonCodeInputError`);
   * an unknown code or network is answered with a conservative `unknown` entry.
   */
  lookup(network: unknown, code: unknown): Result<ReasonCodeMatch, ReasonCodeInputError>;
  /** Every current entry, overrides applied, in catalogue order. */
  readonly entries: readonly ReasonCode[];
}

/** Builds a catalogue, refusing the first invalid override. */
export function createReasonCodeCatalogue(
  options: ReasonCodeCatalogueOptions = {},
): Result<ReasonCodeCatalogue, CatalogueOverrideError> {
  const shipped = new Map(
    REASON_CODES.map((entry) => [entryKey(entry.network, entry.code), entry]),
  );
  const legacy = new Map<string, LegacyReasonCode>(
    MASTERCARD_LEGACY_CODES.map((code) => [entryKey('mastercard', code.code), code]),
  );
  const parsed = parseCatalogueOverrides(options.overrides ?? [], {
    knownEntry: (network, code) => shipped.get(entryKey(network, code)) ?? null,
    isLegacyCode: (network, code) => legacy.has(entryKey(network, code)),
  });
  if (parsed.isErr()) return err(parsed.error);
  const overrides = new Map(
    parsed.value.map((override) => [overrideKey(override.network, override.code), override]),
  );

  const withOverrides = (entry: ReasonCode): ReasonCode => {
    if (entry.network === 'unknown') return entry;
    return [
      overrides.get(overrideKey(entry.network, null)),
      overrides.get(overrideKey(entry.network, entry.code)),
    ]
      .filter((override): override is ParsedOverride => override !== undefined)
      .reduce(applyOverride, entry);
  };
  const entries = Object.freeze(REASON_CODES.map(withOverrides));
  const current = new Map(entries.map((entry) => [entryKey(entry.network, entry.code), entry]));

  const lookup = (
    network: unknown,
    code: unknown,
  ): Result<ReasonCodeMatch, ReasonCodeInputError> => {
    const normalized = normalizeReasonCodeQuery(network, code);
    if (normalized.isErr()) return err(normalized.error);
    const query = normalized.value;
    const key = entryKey(query.network, query.code);
    const known = current.get(key);
    if (known !== undefined) return ok(Object.freeze({ resolution: 'known', query, entry: known }));
    const legacyCode = legacy.get(key);
    const mapped =
      legacyCode === undefined
        ? undefined
        : current.get(entryKey(query.network, legacyCode.currentCode));
    if (legacyCode !== undefined && mapped !== undefined) {
      return ok(
        Object.freeze({
          resolution: 'mapped',
          query,
          entry: mapped,
          legacyName: legacyCode.name,
          mappingConfirmed: legacyCode.confirmed,
        }),
      );
    }
    const entry = withOverrides(unknownReasonCode(query.network, query.code));
    return ok(Object.freeze({ resolution: 'unknown', query, entry }));
  };
  return ok(Object.freeze({ lookup, entries }));
}

/** The catalogue as shipped, without overrides. */
export const DEFAULT_REASON_CODE_CATALOGUE: ReasonCodeCatalogue = unwrapOrThrow(
  createReasonCodeCatalogue(),
);

/** Looks a code up in the shipped catalogue (see {@link ReasonCodeCatalogue.lookup}). */
export function lookupReasonCode(
  network: unknown,
  code: unknown,
): Result<ReasonCodeMatch, ReasonCodeInputError> {
  return DEFAULT_REASON_CODE_CATALOGUE.lookup(network, code);
}

function entryKey(network: string, code: string): string {
  return `${network}:${code}`;
}
