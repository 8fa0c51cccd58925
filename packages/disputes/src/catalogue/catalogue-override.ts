import { type DomainError, err, ok, type Result } from '@strongroom/kernel';
import { type CardNetwork, isCardNetwork } from './card-network.js';
import { NETWORK_STAGES, type NetworkStage, type StageWindow } from './network-stage.js';
import type { ReasonCode } from './reason-code.js';
import { normalizeReasonCodeQuery } from './reason-code-input.js';

/** Most overrides one catalogue takes. */
export const CATALOGUE_OVERRIDES_MAX = 1000;

/** Longest issuer window an override may set: the longest limit in the reference (540 d cap). */
export const OVERRIDE_ISSUER_FILING_DAYS_MAX = 540;

/** Longest stage window an override may set. */
export const OVERRIDE_STAGE_DAYS_MAX = 365;

/**
 * A user's own time limits, replacing the catalogue's: for one code of a network (known or
 * unknown to the catalogue), or, without `code`, for every code of the network. A code's
 * override wins over its network's, field by field. Overridden figures count as confirmed.
 */
export interface ReasonCodeOverride {
  readonly network: CardNetwork;
  /** Omitted: every code of the network (stages a code skips stay skipped). */
  readonly code?: string;
  /** Replaces the issuer window's `days`; anchors, cap and waiting period stay. */
  readonly issuerFilingDays?: number;
  /** Replaces the `days` of the stages named. */
  readonly stageDays?: Partial<Readonly<Record<NetworkStage, number>>>;
}

/** An override refused by `createReasonCodeCatalogue`; `index` is its place in the list. */
export interface CatalogueOverrideError extends DomainError<'disputes.catalogue_override_invalid'> {
  /** `null` when the list as a whole is refused (`too_many`). */
  readonly index: number | null;
  readonly reason:
    | 'too_many'
    | 'not_an_object'
    | 'network_unknown'
    | 'code_invalid'
    | 'legacy_code'
    | 'duplicate'
    | 'no_change'
    | 'issuer_filing_days_invalid'
    | 'stage_unknown'
    | 'stage_days_invalid'
    | 'stage_not_applicable';
}

/** A validated override, with its code normalized (`null`: the whole network). */
export interface ParsedOverride {
  readonly network: CardNetwork;
  readonly code: string | null;
  readonly issuerFilingDays: number | null;
  readonly stageDays: Readonly<Partial<Record<NetworkStage, number>>>;
}

/** What the override checks need to know about the catalogue. */
export interface OverrideContext {
  readonly knownEntry: (network: CardNetwork, code: string) => ReasonCode | null;
  readonly isLegacyCode: (network: CardNetwork, code: string) => boolean;
}

/** Validates a list of overrides against the catalogue they will change. */
export function parseCatalogueOverrides(
  overrides: readonly ReasonCodeOverride[],
  context: OverrideContext,
): Result<readonly ParsedOverride[], CatalogueOverrideError> {
  if (!Array.isArray(overrides) || overrides.length > CATALOGUE_OVERRIDES_MAX) {
    return err(overrideError(null, 'too_many'));
  }
  const parsed: ParsedOverride[] = [];
  const seen = new Set<string>();
  for (const [index, override] of overrides.entries()) {
    const one = parseOverride(override, index, context);
    if (one.isErr()) return err(one.error);
    const key = overrideKey(one.value.network, one.value.code);
    if (seen.has(key)) return err(overrideError(index, 'duplicate'));
    seen.add(key);
    parsed.push(one.value);
  }
  return ok(Object.freeze(parsed));
}

/** The key under which an override is kept: the network alone stands for all its codes. */
export function overrideKey(network: CardNetwork, code: string | null): string {
  return code === null ? network : `${network}:${code}`;
}

/**
 * Applies an override to an entry. Stages the entry skips stay skipped (a code override naming
 * one was refused while parsing).
 */
export function applyOverride(entry: ReasonCode, override: ParsedOverride): ReasonCode {
  const issuerFiling =
    override.issuerFilingDays === null
      ? entry.issuerFiling
      : Object.freeze({
          ...entry.issuerFiling,
          days: override.issuerFilingDays,
          confirmed: true,
          overridden: true,
        });
  const stages = { ...entry.stages };
  for (const stage of NETWORK_STAGES) {
    const days = override.stageDays[stage];
    const window = stages[stage];
    if (days === undefined || window === null) continue;
    stages[stage] = overriddenWindow(window, days);
  }
  return Object.freeze({ ...entry, issuerFiling, stages: Object.freeze(stages) });
}

function overriddenWindow(window: StageWindow, days: number): StageWindow {
  return Object.freeze({ ...window, days, confirmed: true, overridden: true });
}

function parseOverride(
  override: ReasonCodeOverride,
  index: number,
  context: OverrideContext,
): Result<ParsedOverride, CatalogueOverrideError> {
  if (typeof override !== 'object' || override === null) {
    return err(overrideError(index, 'not_an_object'));
  }
  const { network } = override;
  if (typeof network !== 'string' || !isCardNetwork(network)) {
    return err(overrideError(index, 'network_unknown'));
  }
  let code: string | null = null;
  if (override.code !== undefined) {
    const query = normalizeReasonCodeQuery(network, override.code);
    if (query.isErr()) return err(overrideError(index, 'code_invalid'));
    code = query.value.code;
    if (context.isLegacyCode(network, code)) return err(overrideError(index, 'legacy_code'));
  }
  const issuerFilingDays = override.issuerFilingDays ?? null;
  if (issuerFilingDays !== null && !isDays(issuerFilingDays, OVERRIDE_ISSUER_FILING_DAYS_MAX)) {
    return err(overrideError(index, 'issuer_filing_days_invalid'));
  }
  const stageDays = parseStageDays(override.stageDays, index);
  if (stageDays.isErr()) return err(stageDays.error);
  if (issuerFilingDays === null && Object.keys(stageDays.value).length === 0) {
    return err(overrideError(index, 'no_change'));
  }
  if (code !== null) {
    const entry = context.knownEntry(network, code);
    const skipped = NETWORK_STAGES.some(
      (stage) =>
        stageDays.value[stage] !== undefined && entry !== null && entry.stages[stage] === null,
    );
    if (skipped) return err(overrideError(index, 'stage_not_applicable'));
  }
  return ok(Object.freeze({ network, code, issuerFilingDays, stageDays: stageDays.value }));
}

function parseStageDays(
  input: ReasonCodeOverride['stageDays'],
  index: number,
): Result<Partial<Record<NetworkStage, number>>, CatalogueOverrideError> {
  if (input === undefined) return ok({});
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err(overrideError(index, 'stage_unknown'));
  }
  const stageDays: Partial<Record<NetworkStage, number>> = {};
  for (const [stage, days] of Object.entries(input)) {
    if (!(NETWORK_STAGES as readonly string[]).includes(stage)) {
      return err(overrideError(index, 'stage_unknown'));
    }
    if (days === undefined) continue;
    if (!isDays(days, OVERRIDE_STAGE_DAYS_MAX))
      return err(overrideError(index, 'stage_days_invalid'));
    stageDays[stage as NetworkStage] = days;
  }
  return ok(Object.freeze(stageDays));
}

function isDays(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}

function overrideError(
  index: number | null,
  reason: CatalogueOverrideError['reason'],
): CatalogueOverrideError {
  return { type: 'disputes.catalogue_override_invalid', index, reason };
}
