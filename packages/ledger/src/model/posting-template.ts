import {
  type DomainError,
  err,
  type JsonObject,
  MONEY_MAX_MINOR_UNITS,
  ok,
  parseId,
  type Result,
} from '@strongroom/kernel';
import { classifyCode } from './field-checks.js';
import type { PostingSide } from './journal-entry.js';
import type { JournalInput, JournalInputFlags, PostingInput } from './ledger-input.js';
import { LEDGER_POSTINGS_MAX, LEDGER_POSTINGS_MIN } from './ledger-limits.js';

/** What a template parameter stands for. */
export type TemplateParameterKind = 'account' | 'amount';

/** One leg of a template: an account (parameter or fixed `acc_…` id), a side, an amount. */
export interface TemplateLegDefinition {
  /** A parameter of kind `account`, or a fixed account id (a house account). */
  readonly account: string;
  /** Debit or credit. */
  readonly side: PostingSide;
  /**
   * A sum of `amount` parameters, each with `+` or `-`: `amount`, `amount - fee`,
   * `gross - fee - tax`. No constants or factors: amounts are inputs, never computed rates.
   */
  readonly amount: string;
}

/** What `definePostingTemplate` takes. */
export interface PostingTemplateDefinition {
  /** Lower-case name, e.g. `card.capture`; recorded in the metadata of every entry. */
  readonly name: string;
  /** Transfer code of the entries, 1..65535. */
  readonly code: number;
  /** Parameter names and kinds. */
  readonly parameters: Readonly<Record<string, TemplateParameterKind>>;
  /** 2..32 legs that balance for every value of the parameters. */
  readonly legs: readonly TemplateLegDefinition[];
}

/** A template leg as checked at definition: its account and the signed parameters it sums. */
export interface CompiledLeg {
  readonly account: { readonly parameter: string } | { readonly fixed: string };
  readonly side: PostingSide;
  readonly terms: readonly { readonly parameter: string; readonly sign: 1n | -1n }[];
}

declare const templateBrand: unique symbol;

/** A validated posting template; only {@link definePostingTemplate} makes one. */
export interface PostingTemplate {
  /** The name. */
  readonly name: string;
  /** The code of its entries. */
  readonly code: number;
  /** Parameter names and kinds. */
  readonly parameters: Readonly<Record<string, TemplateParameterKind>>;
  /** The compiled legs. */
  readonly legs: readonly CompiledLeg[];
  readonly [templateBrand]: true;
}

/** Why a template definition was refused; `detail` names the parameter or leg, never a value. */
export interface InvalidPostingTemplateError
  extends DomainError<'ledger.invalid_posting_template'> {
  readonly reason:
    | 'name_invalid'
    | 'code_invalid'
    | 'parameter_name_invalid'
    | 'parameter_kind_invalid'
    | 'parameter_unused'
    | 'too_few_legs'
    | 'too_many_legs'
    | 'leg_side_invalid'
    | 'leg_account_unknown'
    | 'leg_amount_invalid'
    | 'leg_amount_unknown_parameter'
    | 'legs_do_not_balance';
  readonly detail: string;
}

/** Why applying a template failed. */
export interface TemplateApplicationError extends DomainError<'ledger.template_application'> {
  readonly reason:
    | 'value_missing'
    | 'value_unexpected'
    | 'value_invalid'
    | 'leg_amount_negative'
    | 'leg_amount_exceeds_maximum'
    | 'too_few_legs'
    | 'duplicate_account';
  readonly detail: string;
}

const TEMPLATE_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,7}$/;
const PARAMETER_NAME = /^[a-z][A-Za-z0-9]{0,63}$/;
const AMOUNT_TERM = /\s*([+-]?)\s*([a-z][A-Za-z0-9]{0,63})\s*/y;
const TEMPLATE_NAME_MAX_LENGTH = 128;

function invalid(
  reason: InvalidPostingTemplateError['reason'],
  detail: string,
): InvalidPostingTemplateError {
  return { type: 'ledger.invalid_posting_template', reason, detail };
}

function parseAmountExpression(expression: string): CompiledLeg['terms'] | null {
  if (typeof expression !== 'string' || expression.length > 512) return null;
  const terms: { parameter: string; sign: 1n | -1n }[] = [];
  AMOUNT_TERM.lastIndex = 0;
  while (AMOUNT_TERM.lastIndex < expression.length) {
    const start = AMOUNT_TERM.lastIndex;
    const match = AMOUNT_TERM.exec(expression);
    if (match === null) return null;
    // Every term after the first needs its operator.
    if (terms.length > 0 && match[1] === '') return null;
    terms.push({ parameter: match[2] ?? '', sign: match[1] === '-' ? -1n : 1n });
    if (AMOUNT_TERM.lastIndex === start) return null;
  }
  return terms.length === 0 ? null : terms;
}

/**
 * Validates and compiles a named posting template. Checked once, when defined: the name, the
 * parameters (every one used), 2..32 legs whose accounts are `account` parameters or fixed ids
 * and whose amounts are sums of `amount` parameters, and symbolic balance: for every amount
 * parameter, its coefficients on the debit legs equal those on the credit legs, so the legs
 * balance whatever values are supplied. (Per-currency balance needs the accounts and is checked by
 * the engine when the entry executes.)
 */
export function definePostingTemplate(
  definition: PostingTemplateDefinition,
): Result<PostingTemplate, InvalidPostingTemplateError> {
  const { name, code, parameters, legs } = definition;
  if (
    typeof name !== 'string' ||
    name.length > TEMPLATE_NAME_MAX_LENGTH ||
    !TEMPLATE_NAME.test(name)
  )
    return err(invalid('name_invalid', 'name'));
  if (classifyCode(code) !== 'valid') return err(invalid('code_invalid', 'code'));
  const parameterEntries = Object.entries(parameters ?? {});
  for (const [parameter, kind] of parameterEntries) {
    if (!PARAMETER_NAME.test(parameter)) return err(invalid('parameter_name_invalid', parameter));
    if (kind !== 'account' && kind !== 'amount')
      return err(invalid('parameter_kind_invalid', parameter));
  }
  const kinds = new Map(parameterEntries);
  if (!Array.isArray(legs) || legs.length < LEDGER_POSTINGS_MIN)
    return err(invalid('too_few_legs', 'legs'));
  if (legs.length > LEDGER_POSTINGS_MAX) return err(invalid('too_many_legs', 'legs'));

  const used = new Set<string>();
  const balance = new Map<string, bigint>();
  const compiled: CompiledLeg[] = [];
  for (const [index, leg] of legs.entries()) {
    const where = `legs[${index}]`;
    if (leg.side !== 'debit' && leg.side !== 'credit')
      return err(invalid('leg_side_invalid', where));
    let account: CompiledLeg['account'];
    if (kinds.get(leg.account) === 'account') {
      account = { parameter: leg.account };
      used.add(leg.account);
    } else if (parseId('acc', leg.account).isOk()) {
      account = { fixed: leg.account };
    } else {
      return err(invalid('leg_account_unknown', where));
    }
    const terms = parseAmountExpression(leg.amount);
    if (terms === null) return err(invalid('leg_amount_invalid', where));
    for (const term of terms) {
      if (kinds.get(term.parameter) !== 'amount')
        return err(invalid('leg_amount_unknown_parameter', `${where}: ${term.parameter}`));
      used.add(term.parameter);
      const signed = leg.side === 'debit' ? term.sign : -term.sign;
      balance.set(term.parameter, (balance.get(term.parameter) ?? 0n) + signed);
    }
    compiled.push({ account, side: leg.side, terms });
  }
  for (const [parameter] of parameterEntries) {
    if (!used.has(parameter)) return err(invalid('parameter_unused', parameter));
  }
  for (const [parameter, net] of balance) {
    if (net !== 0n) return err(invalid('legs_do_not_balance', parameter));
  }
  return ok(
    Object.freeze({
      name,
      code,
      parameters: Object.freeze({ ...parameters }),
      legs: Object.freeze(compiled),
    }) as PostingTemplate,
  );
}

/** What a template is applied with. */
export interface TemplateApplication {
  /** `trf_…` id of the journal entry. */
  readonly id: string;
  /** One value per parameter: an account id string or a bigint amount (>= 0). */
  readonly values: Readonly<Record<string, string | bigint>>;
  /** Extra caller context; `template` is set to the template's name. */
  readonly metadata?: JsonObject | undefined;
  /** Flags of the entry (e.g. `pending` for an authorization hold). */
  readonly flags?: Partial<JournalInputFlags> | undefined;
  /** Timeout of a pending entry. */
  readonly timeoutMs?: number | undefined;
  /** Effective time; absent = execution time. */
  readonly effectiveAt?: Date | undefined;
}

function applicationError(
  reason: TemplateApplicationError['reason'],
  detail: string,
): TemplateApplicationError {
  return { type: 'ledger.template_application', reason, detail };
}

/**
 * Turns a template and its values into a journal input. Legs whose amount comes to zero are left
 * out (a capture without a fee), a negative leg is refused, and so is a set of values that binds
 * one account to two legs. The result is an input: the engine checks it like any other.
 */
export function applyTemplate(
  template: PostingTemplate,
  application: TemplateApplication,
): Result<JournalInput, TemplateApplicationError> {
  const values = application.values ?? {};
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(template.parameters, name))
      return err(applicationError('value_unexpected', name));
  }
  for (const [name, kind] of Object.entries(template.parameters)) {
    const value = values[name];
    if (value === undefined) return err(applicationError('value_missing', name));
    const valid =
      kind === 'account'
        ? typeof value === 'string'
        : typeof value === 'bigint' && value >= 0n && value <= MONEY_MAX_MINOR_UNITS;
    if (!valid) return err(applicationError('value_invalid', name));
  }
  const postings: PostingInput[] = [];
  const accounts = new Set<string>();
  for (const [index, leg] of template.legs.entries()) {
    let amount = 0n;
    for (const term of leg.terms) amount += term.sign * (values[term.parameter] as bigint);
    if (amount < 0n) return err(applicationError('leg_amount_negative', `legs[${index}]`));
    if (amount > MONEY_MAX_MINOR_UNITS)
      return err(applicationError('leg_amount_exceeds_maximum', `legs[${index}]`));
    if (amount === 0n) continue;
    const accountId =
      'fixed' in leg.account ? leg.account.fixed : (values[leg.account.parameter] as string);
    if (accounts.has(accountId))
      return err(applicationError('duplicate_account', `legs[${index}]`));
    accounts.add(accountId);
    postings.push({ accountId, side: leg.side, amountMinor: amount });
  }
  if (postings.length < LEDGER_POSTINGS_MIN) return err(applicationError('too_few_legs', 'legs'));
  return ok({
    id: application.id,
    postings,
    code: template.code,
    metadata: { ...application.metadata, template: template.name },
    ...(application.flags === undefined ? {} : { flags: application.flags }),
    ...(application.timeoutMs === undefined ? {} : { timeoutMs: application.timeoutMs }),
    ...(application.effectiveAt === undefined ? {} : { effectiveAt: application.effectiveAt }),
  });
}
