import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem.js';
import { selectedBackends } from './support/http-backends.js';
import type { HarnessUser, HttpHarness } from './support/http-harness.js';
import { startHttpHarness } from './support/http-harness.js';

// Published test card numbers (Stripe's testing documentation): Luhn-valid, never issued. Each
// test takes its own, since the tenant keeps one token per card across the file.
const PANS = {
  visa: '4242424242424242',
  visaDebit: '4000056655665556',
  mastercard: '5555555555554444',
  mastercardSeries2: '2223003122003222',
  amex: '378282246310005',
  amexAlternate: '371449635398431',
  discover: '6011111111111117',
  jcb: '3566002020360505',
} as const;
// The Visa number with its check digit changed: fails the Luhn check.
const LUHN_FAILING_PAN = '4242424242424241';
const TOKEN_PATTERN = /^tok_[0-9a-hjkmnp-tv-z]{32}$/;
const UNKNOWN_TOKEN = 'tok_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz';

function card(pan: string, extra: Record<string, unknown> = {}) {
  return { pan, expiryMonth: 11, expiryYear: 2031, cardholderName: 'Grace Hopper', ...extra };
}

for (const backend of selectedBackends()) {
  describe(`vault routes on ${backend.name}`, () => {
    let harness: HttpHarness;
    let admin: HarnessUser;
    let operator: HarnessUser;
    let viewer: HarnessUser;
    let elsewhere: HarnessUser;

    // Sends a card body, registering its PAN and security code as secrets first.
    const send = (method: string, path: string, token: string, body: unknown, headers = {}) => {
      for (const item of [body, ...((body as { cards?: unknown[] }).cards ?? [])]) {
        const { pan, cvv } = item as { pan?: string; cvv?: string };
        if (pan !== undefined) harness.secrets.add(pan);
        if (cvv !== undefined) harness.secrets.add(cvv);
      }
      return harness.request(method, path, { token, body, headers });
    };
    const tokenize = async (pan: string, extra: Record<string, unknown> = {}) => {
      const response = await send(
        'POST',
        '/v1/vault/cards',
        operator.accessToken,
        card(pan, extra),
      );
      expect(response.status).toBe(201);
      return response.body.token as string;
    };

    beforeAll(async () => {
      harness = await startHttpHarness(backend);
      // One at a time: identity allows three registrations an hour per address and tenant (the
      // tenant's root admin is one), so the viewer signs up in a tenant of its own.
      admin = await harness.signUp(['admin'], 'admin');
      operator = await harness.signUp(['operator'], 'operator');
      viewer = await harness.signUpElsewhere('initech', ['viewer']);
      elsewhere = await harness.signUpElsewhere('globex', ['admin']);
    });
    afterAll(() => harness.close());

    it('tokenizes a card, answering its token and mask but never its number', async () => {
      const response = await send(
        'POST',
        '/v1/vault/cards',
        operator.accessToken,
        card(PANS.visa, { cvv: '123' }),
      );
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        token: expect.stringMatching(TOKEN_PATTERN),
        brand: 'visa',
        last4: '4242',
        display: '42424242****4242',
        expiresAt: null,
        deduplicated: false,
      });
      expect(response.headers.get('location')).toBe(`/v1/vault/cards/${response.body.token}`);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.text).not.toContain(PANS.visa);
      // As a JSON key: the random token itself may spell "cvv" (one in about 1,300).
      expect(response.text).not.toContain('"cvv"');
    });

    it('returns the same token for the same card number, however it is grouped', async () => {
      const first = await tokenize(PANS.visaDebit);
      const again = await send(
        'POST',
        '/v1/vault/cards',
        operator.accessToken,
        card('4000 0566 5566 5556', { expiryYear: 2032 }),
      );
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        token: first,
        brand: 'visa',
        last4: '5556',
        deduplicated: true,
      });
      expect(again.text).not.toContain(PANS.visaDebit);
    });

    it('refuses a Luhn-failing number with 422 vault.invalid_card, echoing no digits', async () => {
      const response = await send(
        'POST',
        '/v1/vault/cards',
        operator.accessToken,
        card(LUHN_FAILING_PAN),
        {
          'x-request-id': 'vault-invalid-card',
        },
      );
      expectProblem(response, 422, 'vault.invalid_card');
      expect(response.body).toMatchObject({ field: 'pan', reason: 'luhn_failed' });
      expect(response.text).not.toMatch(/\d{4,}/);
    });

    it('refuses a body outside the schema with 400, naming the field but not the value', async () => {
      const response = await send(
        'POST',
        '/v1/vault/cards',
        operator.accessToken,
        { ...card(PANS.jcb), pin: '9876' },
        { 'x-request-id': 'vault-schema-refusal' },
      );
      expectProblem(response, 400, 'request.invalid');
      expect(response.body.errors).toEqual([{ in: 'json', path: '', code: 'unrecognized_keys' }]);
      expect(response.text).not.toMatch(/\d{4,}/);
      const month = await send(
        'POST',
        '/v1/vault/cards',
        operator.accessToken,
        card(PANS.jcb, { expiryMonth: 13 }),
      );
      expectProblem(month, 400, 'request.invalid');
    });

    it('refuses a caller without a token (401) or without vault.card.tokenize (403)', async () => {
      const anonymous = await harness.request('POST', '/v1/vault/cards', { body: card(PANS.jcb) });
      expectProblem(anonymous, 401, 'auth.token_missing');
      const refused = await send('POST', '/v1/vault/cards', viewer.accessToken, card(PANS.jcb));
      expectProblem(refused, 403, 'vault.permission_denied');
      expect(refused.body.permission).toBe('vault.card.tokenize');
      expect(refused.headers.get('cache-control')).toBe('no-store');
    });

    it('reveals masked to an operator and refuses the full number, which an admin gets', async () => {
      const token = await tokenize(PANS.mastercard);
      const masked = await harness.request(
        'GET',
        `/v1/vault/cards/${token}?purpose=support%20call%2042`,
        {
          token: operator.accessToken,
        },
      );
      expect(masked.status).toBe(200);
      expect(masked.body).toEqual({
        reveal: 'masked',
        token,
        brand: 'mastercard',
        bin: '55555555',
        last4: '4444',
        display: '55555555****4444',
        expiryMonth: 11,
        expiryYear: 2031,
        expiresAt: null,
      });
      expect(masked.headers.get('cache-control')).toBe('no-store');
      expect(masked.text).not.toContain(PANS.mastercard);

      const defaultMasked = await harness.request('POST', `/v1/vault/cards/${token}/detokenize`, {
        token: operator.accessToken,
        body: { purpose: 'dispute review' },
      });
      expect(defaultMasked.status).toBe(200);
      expect(defaultMasked.body).toEqual(masked.body);

      const operatorFull = await harness.request('POST', `/v1/vault/cards/${token}/detokenize`, {
        token: operator.accessToken,
        body: { purpose: 'refund 8812', reveal: 'full' },
      });
      expectProblem(operatorFull, 403, 'vault.permission_denied');
      expect(operatorFull.body.permission).toBe('vault.card.reveal_full');
      expect(operatorFull.text).not.toContain(PANS.mastercard);

      const adminFull = await harness.request('POST', `/v1/vault/cards/${token}/detokenize`, {
        token: admin.accessToken,
        body: { purpose: 'refund 8812', reveal: 'full' },
      });
      expect(adminFull.status).toBe(200);
      expect(adminFull.body).toEqual({
        ...masked.body,
        reveal: 'full',
        pan: PANS.mastercard,
        cardholderName: 'Grace Hopper',
      });
      expect(adminFull.headers.get('cache-control')).toBe('no-store');
    });

    it('refuses a reveal without a purpose (400) or whose purpose holds a card number (422)', async () => {
      const token = await tokenize(PANS.mastercardSeries2);
      const missing = await harness.request('GET', `/v1/vault/cards/${token}`, {
        token: operator.accessToken,
      });
      expectProblem(missing, 400, 'request.invalid');
      expect(missing.body.errors).toEqual([{ in: 'query', path: 'purpose', code: 'invalid_type' }]);
      harness.secrets.add(PANS.amexAlternate);
      const leaky = await harness.request('POST', `/v1/vault/cards/${token}/detokenize`, {
        token: admin.accessToken,
        body: { purpose: `card ${PANS.amexAlternate}`, reveal: 'full' },
      });
      expectProblem(leaky, 422, 'validation');
      expect(leaky.body).toMatchObject({ field: 'purpose', reason: 'contains_card_number' });
      expect(leaky.text).not.toContain(PANS.amexAlternate);
      expect(leaky.text).not.toContain(PANS.mastercardSeries2);
      const level = await harness.request('POST', `/v1/vault/cards/${token}/detokenize`, {
        token: admin.accessToken,
        body: { purpose: 'refund', reveal: 'everything' },
      });
      expectProblem(level, 400, 'request.invalid');
    });

    it('answers 404 for an unknown token or another tenant’s, and 400 for a malformed one', async () => {
      const token = await tokenize(PANS.discover);
      const foreign = await harness.request('GET', `/v1/vault/cards/${token}?purpose=lookup`, {
        token: elsewhere.accessToken,
      });
      expectProblem(foreign, 404, 'vault.token_not_found');
      const foreignFull = await harness.request('POST', `/v1/vault/cards/${token}/detokenize`, {
        token: elsewhere.accessToken,
        body: { purpose: 'lookup', reveal: 'full' },
      });
      expectProblem(foreignFull, 404, 'vault.token_not_found');
      expect(foreignFull.text).not.toContain(PANS.discover);
      const foreignDelete = await harness.request('DELETE', `/v1/vault/cards/${token}`, {
        token: elsewhere.accessToken,
      });
      expectProblem(foreignDelete, 404, 'vault.token_not_found');
      const unknown = await harness.request(
        'GET',
        `/v1/vault/cards/${UNKNOWN_TOKEN}?purpose=lookup`,
        {
          token: operator.accessToken,
        },
      );
      expectProblem(unknown, 404, 'vault.token_not_found');
      const malformed = await harness.request('GET', '/v1/vault/cards/tok_short?purpose=lookup', {
        token: operator.accessToken,
      });
      expectProblem(malformed, 400, 'request.invalid');
      // Still there for its own tenant.
      const own = await harness.request('GET', `/v1/vault/cards/${token}?purpose=lookup`, {
        token: operator.accessToken,
      });
      expect(own.status).toBe(200);
    });

    it('deletes a token for vault.card.delete only, after which it is not found', async () => {
      const token = await tokenize(PANS.amex, { cvv: '7391' });
      const refused = await harness.request('DELETE', `/v1/vault/cards/${token}`, {
        token: operator.accessToken,
      });
      expectProblem(refused, 403, 'vault.permission_denied');
      expect(refused.body.permission).toBe('vault.card.delete');
      const deleted = await harness.request('DELETE', `/v1/vault/cards/${token}`, {
        token: admin.accessToken,
      });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expect(deleted.headers.get('cache-control')).toBe('no-store');
      const reveal = await harness.request(
        'GET',
        `/v1/vault/cards/${token}?purpose=after%20delete`,
        {
          token: operator.accessToken,
        },
      );
      expectProblem(reveal, 404, 'vault.token_not_found');
      const again = await harness.request('DELETE', `/v1/vault/cards/${token}`, {
        token: admin.accessToken,
      });
      expectProblem(again, 404, 'vault.token_not_found');
    });

    it('tokenizes a batch with one result per card, an invalid card failing alone', async () => {
      const expiresAt = new Date(harness.clock.now().getTime() + 86_400_000).toISOString();
      const response = await send('POST', '/v1/vault/cards/batch', operator.accessToken, {
        cards: [
          card(PANS.jcb),
          card(LUHN_FAILING_PAN),
          card(PANS.amexAlternate, { cvv: '4821', expiresAt }),
        ],
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body.results).toEqual([
        {
          outcome: 'tokenized',
          card: {
            token: expect.stringMatching(TOKEN_PATTERN),
            brand: 'jcb',
            last4: '0505',
            display: '35660020****0505',
            expiresAt: null,
            deduplicated: false,
          },
        },
        {
          outcome: 'failed',
          problem: {
            type: 'https://strongroom.dev/problems/vault.invalid_card',
            title: 'Vault invalid card',
            status: 422,
            field: 'pan',
            reason: 'luhn_failed',
          },
        },
        {
          outcome: 'tokenized',
          card: {
            token: expect.stringMatching(TOKEN_PATTERN),
            brand: 'amex',
            last4: '8431',
            display: '371449*****8431',
            expiresAt,
            deduplicated: false,
          },
        },
      ]);
      for (const pan of [PANS.jcb, LUHN_FAILING_PAN, PANS.amexAlternate])
        expect(response.text).not.toContain(pan);
    });

    it('refuses a batch that is empty or too large (400) or from a caller without the permission (403)', async () => {
      const empty = await send('POST', '/v1/vault/cards/batch', operator.accessToken, {
        cards: [],
      });
      expectProblem(empty, 400, 'request.invalid');
      const tooMany = await send('POST', '/v1/vault/cards/batch', operator.accessToken, {
        cards: Array.from({ length: 101 }, () => card(PANS.jcb)),
      });
      expectProblem(tooMany, 400, 'request.invalid');
      expect(tooMany.body.errors).toEqual([{ in: 'json', path: 'cards', code: 'too_big' }]);
      const refused = await send('POST', '/v1/vault/cards/batch', viewer.accessToken, {
        cards: [card(PANS.jcb)],
      });
      expectProblem(refused, 403, 'vault.permission_denied');
    });

    it('never writes a card number or a credential to the log', () => {
      const log = harness.logLines.join('\n');
      // Security codes are too short to scan for without false alarms (they occur in durations).
      for (const secret of harness.secrets)
        if (secret.length >= 12) expect(log).not.toContain(secret);
    });
  });
}
