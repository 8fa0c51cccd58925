import { typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_RATE_LIMITS_DEFAULT } from '../src/middleware/rate-limit.js';
import { PROBLEM_MEDIA_TYPE } from '../src/problems/problem-details.js';
import { selectedBackends } from './support/http-backends.js';
import {
  HARNESS_PASSWORD,
  type HarnessUser,
  type HttpHarness,
  startHttpHarness,
} from './support/http-harness.js';
import {
  type JsonSchema,
  type OpenApiOperation,
  pathSegment,
  rawPathWith,
  type ServedOpenApi,
  schemaArbitrary,
  servedOpenApi,
} from './support/openapi-operations.js';

// Hostile input is refused at the edge (limits, media types, schemas) and by the domains' own
// parsing, none of which depends on the storage; the route suites cover storage-specific
// behaviour on all three backends. So the fuzz runs on memory only, to keep CI time small. A
// deeper local hunt may name another selected backend in STRONGROOM_FUZZ_BACKEND (PGlite finds
// what only a SQL storage refuses, such as NUL characters).
const FUZZ_BACKEND = process.env['STRONGROOM_FUZZ_BACKEND'] ?? 'memory';
const backend = selectedBackends().find((candidate) => candidate.name === FUZZ_BACKEND);

/**
 * Runs per operation: every run varies body, path, query and headers at once. A deeper local
 * hunt sets STRONGROOM_FUZZ_RUNS (200 runs per operation take about a minute on memory).
 */
const RUNS_PER_OPERATION = Number(process.env['STRONGROOM_FUZZ_RUNS'] ?? 25);
// Logging out ends the session every other run signs in with, so it goes last.
const SESSION_ENDING = new Set(['POST /v1/identity/logout']);
/** What a stack trace or a source path looks like in a response. */
const TRACE_MARKERS = ['    at ', '.ts:', 'node_modules'] as const;

// Published test card numbers (Luhn-valid, never issued).
const TEST_PANS = ['4242424242424242', '5555555555554444', '378282246310005', '6011111111111117'];

/**
 * A JSON literal written out as is: numbers JSON.stringify cannot write (`-0`, `1e400`, 40
 * digits), duplicate or `__proto__` keys, nesting deeper than a generator would build.
 */
class RawJson {
  constructor(readonly text: string) {}
}

function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(
      ([key, item]) => `${JSON.stringify(key)}:${jsonText(item)}`,
    );
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Every Luhn-valid run of 13 to 19 digits in `text` (a card number, as PCI DSS scans for). */
function cardNumbersIn(text: string): string[] {
  return [...text.matchAll(/(?<!\d)\d{13,19}(?!\d)/g)].map((match) => match[0]).filter(luhnValid);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// A Luhn-valid 16-digit number: a 4, 14 random digits and the check digit that completes them.
const generatedPan = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 })
  .map((digits) => {
    const body = `4${digits.join('')}`;
    const check = [...'0123456789'].find((digit) => luhnValid(`${body}${digit}`));
    return `${body}${check}`;
  });
const panArbitrary = fc.oneof(fc.constantFrom(...TEST_PANS), generatedPan);

/** A header value fetch can send (Latin-1, no control characters), up to `maxLength`. */
function headerValue(maxLength: number) {
  const unit = fc
    .oneof(fc.integer({ min: 0x21, max: 0x7e }), fc.integer({ min: 0xa1, max: 0xff }))
    .map((code) => String.fromCharCode(code));
  return fc.string({ unit, minLength: 1, maxLength });
}

// Names fetch refuses to set, or that change how the request is framed rather than what it says.
const RESERVED_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'proxy-connection',
]);

/** One request as the fuzz sends it. */
interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | undefined;
}

function describeRequest(request: FuzzRequest): string {
  const body =
    request.body === undefined ? '' : ` body(${request.body.length})=${request.body.slice(0, 300)}`;
  const headers = request.headers
    .map(([name, value]) => `${name}: ${value.slice(0, 80)}`)
    .join(' | ');
  return `${request.method} ${request.path.slice(0, 300)}${request.query.slice(0, 300)} [${headers}]${body}`;
}

if (backend === undefined) {
  describe.skip(`hostile input (the ${FUZZ_BACKEND} backend is not selected)`, () => {
    it('runs on one backend only', () => undefined);
  });
} else {
  describe(`hostile input on every operation (${backend.name})`, () => {
    let harness: HttpHarness;
    let served: ServedOpenApi;
    let admin: HarnessUser;
    let bait: HarnessUser;
    const knownIds: Record<string, string[]> = {};
    /** Card numbers sent anywhere in a request: none may reach a log line. */
    const sentCardNumbers = new Set<string>();
    /** Secrets some run sent as data in a body: a record may hold them and a read return them. */
    const storedAsData = new Set<string>();
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

    const post = async (path: string, body: unknown) => {
      const response = await harness.request('POST', path, { token: admin.accessToken, body });
      if (response.status >= 300)
        throw new Error(`setup: POST ${path} answered ${response.status} ${response.text}`);
      return response;
    };

    beforeAll(async () => {
      const house = {
        reserveAccountId: typeIdGenerator.next('acc'),
        feeAccountId: typeIdGenerator.next('acc'),
        lossAccountId: typeIdGenerator.next('acc'),
      };
      // The fake clock stands still here, so no rate-limit window ever resets: the edge's limits
      // are lifted (429 is not what this file tests) while identity's own stay as they are.
      harness = await startHttpHarness(
        backend,
        {
          rateLimits: {
            principal: { ...HTTP_RATE_LIMITS_DEFAULT.principal, points: 1_000_000 },
            address: { ...HTTP_RATE_LIMITS_DEFAULT.address, points: 1_000_000 },
          },
        },
        { houseAccounts: (currency) => (currency === 'USD' ? house : undefined) },
      );
      admin = await harness.signUp(['admin'], 'fuzz-admin');
      // A user whose tokens are only ever sent as data: they must come back nowhere.
      bait = await harness.signUp([], 'fuzz-bait');
      served = await servedOpenApi(harness);

      // Real records, so generated ids sometimes name something that exists.
      const accounts = [typeIdGenerator.next('acc'), typeIdGenerator.next('acc')];
      for (const id of [...accounts, ...Object.values(house)]) {
        const type = id === accounts[0] ? 'asset' : 'liability';
        await post('/v1/ledger/accounts', { id, currency: 'USD', code: 1, name: 'fuzz', type });
      }
      const transfer = typeIdGenerator.next('trf');
      const pending = typeIdGenerator.next('trf');
      const movement = {
        debitAccountId: accounts[0],
        creditAccountId: accounts[1],
        currency: 'USD',
        code: 1,
      };
      await post('/v1/ledger/transfers', { id: transfer, amountMinor: '10000', ...movement });
      await post('/v1/ledger/transfers', {
        id: pending,
        amountMinor: '500',
        flags: { pending: true },
        ...movement,
      });
      const pan = '4000056655665556';
      sentCardNumbers.add(pan);
      const card = await post('/v1/vault/cards', {
        pan,
        expiryMonth: 11,
        expiryYear: 2031,
        cardholderName: 'Grace Hopper',
      });
      const dispute = await post('/v1/disputes', {
        kind: 'inquiry',
        transferId: transfer,
        merchantAccountId: accounts[1],
        network: 'visa',
        reasonCode: '13.1',
        amountMinor: '10000',
        currency: 'USD',
        transactionDate: '2026-01-10',
      });
      // No sequencer runs in the harness: integrate the committed leaves, as its worker would.
      while (
        unwrapOrThrow(await harness.strongroom.audit.integrate(harness.tenantId)).integrated > 0
      );
      const audit = await harness.request('GET', '/v1/audit/entries?limit=5', {
        token: admin.accessToken,
      });
      Object.assign(knownIds, {
        acc: [...accounts, house.reserveAccountId],
        trf: [transfer, pending],
        tok: [card.body.token],
        dsp: [dispute.body.disputeId],
        aud: [...new Set(audit.text.match(/aud_[0-7][0-9a-hjkmnp-tv-z]{25}/g) ?? [])],
        // Never the admin's own ids: erasing or signing out the caller would end the run early.
        usr: [bait.userId],
        dev: [bait.deviceId],
      });
    });
    afterAll(() => harness?.close());

    const send = async (request: FuzzRequest) => {
      const response = await fetch(`${harness.baseUrl}${request.path}${request.query}`, {
        method: request.method,
        headers: request.headers.map(([name, value]) => [name, value]),
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };

    // The violations of one exchange; empty when the API behaved.
    const violations = (
      request: FuzzRequest,
      response: Awaited<ReturnType<typeof send>>,
    ): string[] => {
      const found: string[] = [];
      const sentText = `${decoded(request.path)} ${decoded(request.query)} ${request.body ?? ''}`;
      const sentInBody = request.body ?? '';
      if (response.status >= 500) found.push(`answered ${response.status}`);
      if (response.status >= 400) {
        if (response.headers.get('content-type') !== PROBLEM_MEDIA_TYPE) {
          found.push(`error with content-type ${response.headers.get('content-type')}`);
        }
        let problem: Record<string, unknown> = {};
        try {
          problem = JSON.parse(response.text) as Record<string, unknown>;
        } catch {
          found.push('error body is not JSON');
        }
        if (typeof problem['type'] !== 'string' || typeof problem['title'] !== 'string') {
          found.push('problem without type or title');
        }
        if (problem['status'] !== response.status)
          found.push('problem status differs from the response');
      }
      for (const marker of TRACE_MARKERS) {
        if (response.text.includes(marker) && !sentText.includes(marker)) {
          found.push(`response holds ${JSON.stringify(marker)}`);
        }
      }
      // A success may hand back the caller's own data, sent now or stored by an earlier run; an
      // error never holds a submitted value.
      const echoAllowed = (value: string) =>
        response.status < 300 && (sentInBody.includes(value) || storedAsData.has(value));
      for (const secret of harness.secrets) {
        if (response.text.includes(secret) && !echoAllowed(secret))
          found.push('response holds a secret');
      }
      for (const pan of cardNumbersIn(sentText)) {
        if (response.text.includes(pan) && !echoAllowed(pan))
          found.push('response holds a card number it was sent');
      }
      return found;
    };

    // --- hostile values ----------------------------------------------------------------

    const secretArbitrary = () =>
      fc.constantFrom(HARNESS_PASSWORD, bait.accessToken, bait.refreshToken);
    const hostileString = () =>
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 48 }),
        fc.string({
          unit: fc.constantFrom(
            '\u0000',
            '\u0007',
            '\u001b',
            '\u007f',
            '\u202e',
            '\ufeff',
            '\ud800',
            '\udfff',
            '\u2028',
            '\n',
            '\t',
            'é',
            '𝟘',
            '٣',
          ),
          maxLength: 16,
        }),
        fc.constantFrom(
          '__proto__',
          'constructor',
          'prototype',
          'toString',
          '../../etc/passwd',
          '..%2f..%2f',
          '%00',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j lookup, sent as plain text
          '${jndi:ldap://x}',
          "' OR 1=1 --",
          '<script>alert(1)</script>',
          'NaN',
          'Infinity',
          '-0',
          '1e309',
          'null',
          '',
          ' ',
        ),
        fc.integer({ min: 256, max: 20_000 }).map((length) => 'x'.repeat(length)),
        secretArbitrary(),
        panArbitrary,
        panArbitrary.map((pan) => pan.replace(/(\d{4})(?=\d)/g, '$1 ')),
      );
    const hostileNumber = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.constantFrom(
        new RawJson('-0'),
        new RawJson('-0.0'),
        new RawJson('1e400'),
        new RawJson('-1e400'),
        new RawJson('1e-400'),
        new RawJson('0.1e-99999'),
        new RawJson('9007199254740993'),
      ),
      fc.bigInt({ min: 10n ** 19n, max: 10n ** 40n }).map((value) => new RawJson(String(value))),
      fc
        .bigInt({ min: -(10n ** 40n), max: -(10n ** 19n) })
        .map((value) => new RawJson(String(value))),
      panArbitrary.map((pan) => new RawJson(pan)),
    );
    const pollutingKey = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
      fc.string({ maxLength: 12 }),
    );
    const hostileStructure = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.object({ maxDepth: 3, withNullPrototype: true }),
      // Members written out one by one: `__proto__` and duplicate keys reach the parser as sent.
      fc
        .array(fc.tuple(pollutingKey, fc.jsonValue({ maxDepth: 2 })), { maxLength: 6 })
        .map(
          (members) =>
            new RawJson(
              `{${members.map(([key, item]) => `${JSON.stringify(key)}:${jsonText(item)}`).join(',')}}`,
            ),
        ),
      fc.constant(
        new RawJson(
          '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
        ),
      ),
      fc
        .integer({ min: 100, max: 8_000 })
        .map((depth) => new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
      fc
        .integer({ min: 100, max: 5_000 })
        .map((depth) => new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
      fc.integer({ min: 100, max: 8_000 }).map((count) => new RawJson(`[${'0,'.repeat(count)}0]`)),
    );
    const hostileValue = () =>
      fc.oneof(hostileString(), hostileNumber, hostileStructure, fc.constant(null), fc.boolean());

    // Most of a value stays valid so the rest reaches the domain; now and then one node turns hostile.
    const mutate = (conforming: fc.Arbitrary<unknown>) =>
      fc.oneof({ weight: 12, arbitrary: conforming }, { weight: 1, arbitrary: hostileValue() });
    // Values the domains accept for a few fields, so more generated requests get past them to
    // the storage and the rest of the command.
    const schemaOptions = () => ({
      knownIds,
      properties: {
        pan: panArbitrary,
        currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'),
        amountMinor: fc.constantFrom('1', '250', '10000'),
      },
    });

    // --- request parts -------------------------------------------------------------------

    const bodyArbitrary = (operation: OpenApiOperation): fc.Arbitrary<string | undefined> => {
      const schema: JsonSchema = operation.body ?? { type: 'object', properties: {} };
      const valid = schemaArbitrary(served.document, schema, schemaOptions()).map(jsonText);
      const mutated = schemaArbitrary(served.document, schema, { ...schemaOptions(), mutate }).map(
        jsonText,
      );
      const malformed = fc.oneof(
        fc.constantFrom(
          '',
          '{',
          '}',
          '[',
          '{"a":}',
          '{"a":1,}',
          "{'a':1}",
          'NaN',
          'undefined',
          '{"a":1}{"b":2}',
          '\ufeff{}',
          '{"a":"\\ud800"}',
          '{"a":"\\u00"}',
          '\u0000',
          'null',
          'true',
          '"text"',
          '[]',
          '-0',
          '1e999',
          '{"a":1,"a":2}',
        ),
        valid.chain((text) =>
          fc.nat({ max: Math.max(0, text.length - 1) }).map((end) => text.slice(0, end)),
        ),
        fc.string({ unit: 'binary', maxLength: 200 }),
        // Nesting and size right up to and past the 64 KiB limit.
        fc.constantFrom(
          `${'['.repeat(32_000)}${']'.repeat(32_000)}`,
          `{"padding":"${'x'.repeat(70_000)}"}`,
          `[${'{},'.repeat(21_000)}{}]`,
        ),
      );
      const variants = fc.oneof(
        { weight: 4, arbitrary: mutated },
        { weight: 2, arbitrary: valid },
        { weight: 2, arbitrary: hostileValue().map(jsonText) },
        { weight: 2, arbitrary: malformed },
      );
      return operation.body === undefined
        ? fc.oneof(
            { weight: 3, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: variants },
          )
        : variants;
    };

    const contentTypeArbitrary = fc.oneof(
      { weight: 14, arbitrary: fc.constant('application/json') },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'application/json; charset=utf-8',
          'APPLICATION/JSON',
          'application/json;charset=latin1',
          'application/json; boundary=x; q=1',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/problem+json',
          'application/json-patch+json',
          'application/jsonx',
          'application',
          '*/*',
        ),
      },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );

    const longId = fc.integer({ min: 200, max: 3_000 }).map((length) => 'a'.repeat(length));
    const pathSegmentArbitrary = (
      operation: OpenApiOperation,
      name: string,
    ): fc.Arbitrary<string> => {
      const schema =
        operation.parameters.find((parameter) => parameter.name === name)?.schema ?? {};
      const conforming = schemaArbitrary(served.document, schema, schemaOptions()).map((value) =>
        pathSegment(String(value)),
      );
      const hostile = fc
        .oneof(
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          fc.string({ unit: 'binary', maxLength: 40 }),
          longId,
          panArbitrary,
          fc.constantFrom(
            '__proto__',
            'constructor',
            '../..',
            '../../v1/openapi.json',
            'all',
            '0',
            '-1',
            'null',
          ),
        )
        .map(pathSegment);
      // Sent as is: escapes the router or the decoder might trip on.
      const raw = fc.constantFrom(
        '..%2f',
        '..%2F..%2F',
        '%2e%2e',
        '%2e%2e%2f',
        '..',
        '.',
        '%',
        '%zz',
        '%E0%A4%A',
        '%00',
        '%C0%AF',
        '%ED%A0%80',
        'a%2Fb',
        '%252e%252e%252f',
        ';',
        '*',
        '~',
        '%20',
        '',
      );
      return fc.oneof(
        { weight: 5, arbitrary: conforming },
        { weight: 3, arbitrary: hostile },
        { weight: 2, arbitrary: raw },
      );
    };

    const queryArbitrary = (operation: OpenApiOperation): fc.Arbitrary<string> => {
      const declared = operation.parameters.filter((parameter) => parameter.in === 'query');
      const conforming = fc
        .tuple(
          ...declared.map((parameter) =>
            fc.option(
              schemaArbitrary(served.document, parameter.schema, schemaOptions()).map(
                (value) => [parameter.name, String(value)] as const,
              ),
              { freq: parameter.required ? 20 : 2, nil: undefined },
            ),
          ),
        )
        .map((pairs) => pairs.filter((pair) => pair !== undefined));
      const extra = fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              '__proto__',
              'constructor',
              ...declared.map((parameter) => parameter.name),
            ),
            fc.string({ maxLength: 12 }),
          ),
          fc.oneof(
            hostileString().map((value) => value.slice(0, 300)),
            hostileNumber.map((value) => jsonText(value)),
          ),
        ),
        { maxLength: 4 },
      );
      const encoded = (pairs: readonly (readonly [string, string])[]) =>
        pairs.length === 0
          ? ''
          : `?${new URLSearchParams(pairs.map(([key, value]): [string, string] => [key, value])).toString()}`;
      const raw = fc.constantFrom(
        '?',
        '?&&&',
        '?=',
        '?limit',
        '?limit=1&limit=2',
        '?limit=-0',
        '?limit=1e400',
        '?limit=0x10',
        '?limit=99999999999999999999999',
        '?a[b]=c&a[__proto__][polluted]=1',
        '?%',
        '?%zz=1',
        '?from=-1&to=-1',
        '?purpose=%00',
      );
      return fc.oneof(
        { weight: 4, arbitrary: conforming.map(encoded) },
        {
          weight: 3,
          arbitrary: fc
            .tuple(conforming, extra)
            .map(([valid, added]) => encoded([...valid, ...added])),
        },
        { weight: 1, arbitrary: raw },
      );
    };

    const headerArbitrary = (): fc.Arbitrary<[string, string][]> => {
      const bearer = `Bearer ${admin.accessToken}`;
      // Mostly the valid bearer, so the other odd headers still reach the route behind it.
      const authorization = fc.oneof(
        { weight: 3, arbitrary: fc.constant<[string, string][]>([['authorization', bearer]]) },
        {
          weight: 2,
          arbitrary: fc.constantFrom<[string, string][]>(
            [
              ['authorization', bearer],
              ['authorization', 'Bearer forged.token.value'],
            ],
            [
              ['authorization', 'Bearer forged.token.value'],
              ['authorization', bearer],
            ],
            [['authorization', `bearer ${admin.accessToken}`]],
            [['authorization', `${bearer} trailing`]],
            [['authorization', `Bearer ${bait.refreshToken}`]],
            [
              [
                'authorization',
                `Basic ${Buffer.from(`admin:${HARNESS_PASSWORD}`).toString('base64')}`,
              ],
            ],
            [['authorization', `Bearer ${'a'.repeat(5_000)}`]],
            [],
          ),
        },
      );
      const odd = fc.record({
        authorization,
        idempotencyKey: fc.option(
          fc.oneof(
            headerValue(64),
            fc.integer({ min: 256, max: 5_000 }).map((length) => 'k'.repeat(length)),
            fc.constant('key with spaces'),
          ),
          { nil: undefined },
        ),
        requestId: fc.option(
          fc.oneof(
            headerValue(64),
            panArbitrary,
            fc.integer({ min: 129, max: 1_000 }).map((length) => 'r'.repeat(length)),
          ),
          { nil: undefined },
        ),
        extra: fc.array(
          fc.tuple(
            fc
              .stringMatching(/^[a-z][a-z0-9-]{0,24}$/)
              .filter((name) => !RESERVED_HEADERS.has(name)),
            headerValue(200),
          ),
          { maxLength: 3 },
        ),
      });
      return fc.oneof(
        { weight: 5, arbitrary: fc.constant<[string, string][]>([['authorization', bearer]]) },
        {
          weight: 1,
          arbitrary: odd.map(({ authorization: auth, idempotencyKey, requestId, extra }) => [
            ...auth,
            ...(idempotencyKey === undefined
              ? []
              : [['idempotency-key', idempotencyKey] as [string, string]]),
            ...(requestId === undefined ? [] : [['x-request-id', requestId] as [string, string]]),
            ...extra,
          ]),
        },
      );
    };

    const requestArbitrary = (operation: OpenApiOperation): fc.Arbitrary<FuzzRequest> => {
      const pathNames = operation.parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      const segments = fc.record(
        Object.fromEntries(pathNames.map((name) => [name, pathSegmentArbitrary(operation, name)])),
      );
      const canCarryBody = operation.method !== 'GET' && operation.method !== 'HEAD';
      return fc
        .record({
          segments,
          query: queryArbitrary(operation),
          headers: headerArbitrary(),
          body: canCarryBody ? bodyArbitrary(operation) : fc.constant(undefined),
          contentType: contentTypeArbitrary,
        })
        .map(({ segments: values, query, headers, body, contentType }) => ({
          method: operation.method,
          path: rawPathWith(operation, values),
          query,
          headers:
            body === undefined || contentType === undefined
              ? headers
              : [...headers, ['content-type', contentType] as [string, string]],
          body,
        }));
    };

    it('answers every operation’s hostile requests below 500, as problems, without traces or leaks', async () => {
      const operations = [...served.operations].sort(
        (left, right) =>
          Number(SESSION_ENDING.has(left.key)) - Number(SESSION_ENDING.has(right.key)),
      );
      const failures: string[] = [];
      for (const operation of operations) {
        const details = await fc.check(
          fc.asyncProperty(requestArbitrary(operation), async (request) => {
            for (const pan of cardNumbersIn(
              `${decoded(request.path)} ${decoded(request.query)} ${request.body ?? ''} ${request.headers.map(([, value]) => value).join(' ')}`,
            )) {
              sentCardNumbers.add(pan);
            }
            for (const secret of harness.secrets) {
              if (request.body?.includes(secret)) storedAsData.add(secret);
            }
            const response = await send(request);
            const found = violations(request, response);
            if (found.length > 0) {
              throw new Error(
                `${found.join('; ')} — answered ${response.status} ${response.text.slice(0, 300)} — to ${describeRequest(request)}`,
              );
            }
          }),
          { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
        );
        if (details.failed) {
          // The seed and path replay the run: fc.assert(property, { seed, path }).
          const reason =
            details.errorInstance instanceof Error ? details.errorInstance.message : 'failed';
          const path = 'path' in details ? details.path : '';
          failures.push(
            `${operation.key} (seed ${details.seed}, path ${path}): ${reason.slice(0, 1_500)}`,
          );
        }
        if (!SESSION_ENDING.has(operation.key)) {
          // A run that ended the caller's session would hide every later operation behind 401.
          const me = await harness.request('GET', '/v1/identity/me', { token: admin.accessToken });
          if (me.status !== 200)
            failures.push(`${operation.key}: the admin's token stopped working (${me.status})`);
        }
      }
      expect(failures).toEqual([]);
      // The server runs in this process: a parsed `__proto__` that reached an assignment would show here.
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    }, 180_000);

    it('logs no secret and no card number it was sent', () => {
      expect(harness.logLines.length).toBeGreaterThan(0);
      expect(sentCardNumbers.size).toBeGreaterThan(1);
      const leaks: string[] = [];
      for (const line of harness.logLines) {
        for (const secret of harness.secrets)
          if (line.includes(secret)) leaks.push(`secret in: ${line.slice(0, 200)}`);
        for (const pan of sentCardNumbers)
          if (line.includes(pan)) leaks.push(`card number in: ${line.slice(0, 200)}`);
      }
      expect(leaks).toEqual([]);
    });
  });
}
