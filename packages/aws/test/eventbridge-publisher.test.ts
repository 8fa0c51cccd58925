import {
  EventBridgeClient,
  type PutEventsCommandInput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { PublishOutcome } from '@strongroom/events';
import {
  AssertionFailure,
  type EventEnvelope,
  eventFromJson,
  eventToJson,
  type JsonObject,
  parseTenantId,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES } from '../src/eventbridge/eventbridge-entry-size.js';
import {
  createEventBridgePublisher,
  EVENTBRIDGE_BATCH_SIZE_MAX,
  EVENTBRIDGE_DETAIL_TYPE_MAX_LENGTH,
} from '../src/eventbridge/eventbridge-publisher.js';
import { type FakeEventBridgeEndpoint, startFakeEventBridge } from './fake-aws/fake-eventbridge.js';

const BUS = 'strongroom-events';
const SOURCE = 'com.example.payments';
const SECRET = 'PAN-4111111111111111';
const tenantId = unwrapOrThrow(parseTenantId('acme'));

/** An event outside any stream, without actor: the optional fields absent. */
function sampleEvent(tenant: typeof tenantId, payload: JsonObject = {}): EventEnvelope {
  return {
    id: typeIdGenerator.next('evt'),
    tenantId: tenant,
    type: 'payments.sample.recorded',
    schemaVersion: 1,
    payload,
    occurredAt: new Date('2026-01-01T00:00:00.000Z'),
    correlationId: 'req_sample',
    causationId: null,
  };
}

let aws: FakeEventBridgeEndpoint;
beforeEach(async () => {
  aws = await startFakeEventBridge();
});
afterEach(async () => {
  expect(aws.server.violations).toEqual([]);
  await aws.close();
});

function publisher(client = aws.client(), detailType?: (event: EventEnvelope) => string) {
  return createEventBridgePublisher(client, {
    eventBusName: BUS,
    source: SOURCE,
    ...(detailType === undefined ? {} : { detailType }),
  });
}

/** An event in a stream, with an actor and a secret in its payload that no reason may repeat. */
function streamEvent(version: number, payload: EventEnvelope['payload'] = { secret: SECRET }) {
  return {
    ...sampleEvent(tenantId, payload),
    occurredAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
    streamId: 'trf_stream',
    streamVersion: version,
    actor: 'usr_actor',
  };
}

/** The size AWS counts for the entry the publisher builds by default, computed independently. */
function countedSize(event: EventEnvelope): number {
  const detail = JSON.stringify(eventToJson(event));
  return 14 + [SOURCE, event.type, detail].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
}

/** An event whose entry counts exactly `sizeBytes`, padded with two-byte characters and one ASCII. */
function eventOfEntrySize(sizeBytes: number): EventEnvelope {
  const base = sampleEvent(tenantId, { padding: '' });
  const missing = sizeBytes - countedSize(base);
  const padding = 'é'.repeat(Math.floor(missing / 2)) + 'x'.repeat(missing % 2);
  const event = { ...base, payload: { padding } };
  expect(countedSize(event)).toBe(sizeBytes);
  return event;
}

/**
 * A real client whose PutEvents never leaves the process: a middleware at the start of the stack
 * records each input and accepts every entry. For entries too large for the fake's HTTP server.
 */
function recordingClient() {
  const client = new EventBridgeClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret-access-key' },
  });
  const requests: PutEventsRequestEntry[][] = [];
  client.middlewareStack.add(
    () => async (args) => {
      const entries = (args.input as PutEventsCommandInput).Entries ?? [];
      requests.push(entries);
      const output = {
        $metadata: {},
        FailedEntryCount: 0,
        Entries: entries.map((_, index) => ({ EventId: `event-${requests.length}-${index}` })),
      };
      return { output, response: {} } as never;
    },
    { step: 'initialize', name: 'recordPutEvents' },
  );
  return { client, requests };
}

const published: PublishOutcome = { status: 'published' };

describe('EventBridge publisher', () => {
  it('declares its name, batch size and ordering', () => {
    expect(publisher()).toMatchObject({
      name: 'eventbridge',
      batchSizeMax: 10,
      preservesOrder: false,
    });
    expect(EVENTBRIDGE_BATCH_SIZE_MAX).toBe(10);
  });

  it('sends one PutEvents with source, detail type, envelope, bus and time per event', async () => {
    const inStream = streamEvent(7);
    const bare = sampleEvent(tenantId);
    const outcomes = await publisher().publish([inStream, bare]);
    expect(outcomes).toEqual([published, published]);

    expect(aws.server.requests.map((request) => [request.operation, request.body])).toEqual([
      [
        'PutEvents',
        {
          Entries: [
            {
              Time: 1767323045.678,
              Source: SOURCE,
              DetailType: 'payments.sample.recorded',
              Detail: JSON.stringify(eventToJson(inStream)),
              EventBusName: BUS,
            },
            {
              Time: 1767225600,
              Source: SOURCE,
              DetailType: 'payments.sample.recorded',
              Detail: JSON.stringify(eventToJson(bare)),
              EventBusName: BUS,
            },
          ],
        },
      ],
    ]);
    // A consumer gets the whole envelope back from Detail, stream position and actor included.
    const [first, second] = aws.eventBridge.accepted;
    expect(eventFromJson(JSON.parse(first?.detail ?? ''))).toEqual(inStream);
    expect(eventFromJson(JSON.parse(second?.detail ?? ''))).toEqual({
      ...bare,
      streamId: null,
      streamVersion: null,
      actor: null,
    });
  });

  it('answers an empty call without a request', async () => {
    expect(await publisher().publish([])).toEqual([]);
    expect(aws.server.requests).toEqual([]);
  });

  it('uses the detail type function, and fails a detail type EventBridge would refuse', async () => {
    const detailType = (event: EventEnvelope) =>
      event.payload['kind'] === 'long'
        ? 'd'.repeat(EVENTBRIDGE_DETAIL_TYPE_MAX_LENGTH + 1)
        : event.payload['kind'] === 'empty'
          ? ''
          : `Strongroom ${event.type}`;
    const events = [
      sampleEvent(tenantId, { kind: 'long' }),
      sampleEvent(tenantId, { kind: 'fine' }),
      sampleEvent(tenantId, { kind: 'empty' }),
    ];
    const outcomes = await publisher(aws.client(), detailType).publish(events);
    const refused = {
      status: 'failed',
      retryable: false,
      reason: 'detail type is not 1 to 128 characters',
    };
    expect(outcomes).toEqual([refused, published, refused]);
    expect(aws.eventBridge.accepted.map((entry) => entry.detailType)).toEqual([
      'Strongroom payments.sample.recorded',
    ]);
  });

  it('maps each entry’s result: throttling and internal faults retryable, the rest not', async () => {
    const events = Array.from({ length: 7 }, (_, index) => streamEvent(index + 1));
    aws.eventBridge.answerNext([
      'accept',
      { errorCode: 'ThrottlingException' },
      { errorCode: 'InternalFailure' },
      { errorCode: 'InternalException' },
      { errorCode: 'AccessDeniedException' },
      { errorCode: 'MalformedDetail' },
      { errorCode: `Not a code: ${SECRET}` },
    ]);
    const outcomes = await publisher().publish(events);
    const refused = (code: string, retryable: boolean) => ({
      status: 'failed',
      retryable,
      reason: `EventBridge refused the entry (${code})`,
    });
    expect(outcomes).toEqual([
      published,
      refused('ThrottlingException', true),
      refused('InternalFailure', true),
      refused('InternalException', true),
      refused('AccessDeniedException', false),
      refused('MalformedDetail', false),
      refused('unrecognised code', false),
    ]);
    // AWS's messages quote the entry; none of it reaches a reason.
    expect(JSON.stringify(outcomes)).not.toContain(SECRET);
    expect(JSON.stringify(outcomes)).not.toContain('Refused');
  });

  it('fails retryably an entry the answer leaves without a result', async () => {
    aws.eventBridge.answerNext(['accept', 'omit']);
    const unknown = {
      status: 'failed',
      retryable: true,
      reason: 'EventBridge answered without a result',
    };
    expect(await publisher().publish([streamEvent(1), streamEvent(2)])).toEqual([
      published,
      unknown,
    ]);
    // With fewer results than entries no result can be placed: none is trusted.
    aws.eventBridge.answerNextWith({
      FailedEntryCount: 0,
      Entries: [{ EventId: '11111111-2222-3333-4444-555555555555' }],
    });
    expect(await publisher().publish([streamEvent(3), streamEvent(4)])).toEqual([unknown, unknown]);
  });

  it('fails every event of a request that fails as a whole, as the package classifies AWS errors', async () => {
    const events = [streamEvent(1), streamEvent(2)];
    const cases: [string, number, boolean, string][] = [
      ['ThrottlingException', 400, true, 'EventBridge failed or throttled the request'],
      ['InternalException', 500, true, 'EventBridge failed or throttled the request'],
      ['AccessDeniedException', 400, false, 'EventBridge refused the request'],
      ['ValidationException', 400, false, 'EventBridge refused the request'],
    ];
    for (const [errorType, status, retryable, message] of cases) {
      aws.server.failNext('AWSEvents.PutEvents', errorType, { status });
      const outcome = { status: 'failed', retryable, reason: `${message} (${errorType})` };
      expect(await publisher().publish(events), errorType).toEqual([outcome, outcome]);
    }
    aws.server.dropNext('AWSEvents.PutEvents');
    const dropped = await publisher().publish(events);
    for (const outcome of dropped) {
      expect(outcome).toMatchObject({ status: 'failed', retryable: true });
      expect(outcome.status === 'failed' && outcome.reason).toMatch(/^EventBridge did not answer/);
    }
    expect(aws.eventBridge.accepted).toEqual([]);
  });

  it('fails without retry when the call fails before AWS answers (no credentials)', async () => {
    const client = new EventBridgeClient({
      region: 'us-east-1',
      endpoint: aws.server.endpoint,
      maxAttempts: 1,
      credentials: async () => {
        throw new Error('no credentials configured');
      },
    });
    try {
      const outcome = {
        status: 'failed',
        retryable: false,
        reason: 'EventBridge call failed without an AWS answer',
      };
      expect(await publisher(client).publish([streamEvent(1)])).toEqual([outcome]);
      expect(aws.server.requests).toEqual([]);
    } finally {
      client.destroy();
    }
  });

  it('fails an event JSON cannot hold, and sends the others', async () => {
    const withBigint = sampleEvent(tenantId, { amountMinor: 10n } as never);
    const invalidDate = { ...sampleEvent(tenantId), occurredAt: new Date(Number.NaN) };
    const fine = streamEvent(1);
    const refused = {
      status: 'failed',
      retryable: false,
      reason: 'event is not serializable to JSON',
    };
    expect(await publisher().publish([withBigint, fine, invalidDate])).toEqual([
      refused,
      published,
      refused,
    ]);
    expect(aws.eventBridge.accepted).toHaveLength(1);
  });

  it('sends an entry of the largest size AWS allows and fails a larger one unsent', async () => {
    const { client, requests } = recordingClient();
    const largest = eventOfEntrySize(EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES);
    const larger = eventOfEntrySize(EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES + 1);
    const outcomes = await publisher(client).publish([larger, largest]);
    expect(outcomes).toEqual([
      {
        status: 'failed',
        retryable: false,
        reason: `entry of ${EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES + 1} bytes exceeds EventBridge's ${EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES}-byte limit`,
      },
      published,
    ]);
    expect(EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES).toBe(262_143);
    expect(requests.map((entries) => entries.map((entry) => entry.Detail))).toEqual([
      [JSON.stringify(eventToJson(largest))],
    ]);
    client.destroy();
  });

  it('splits events whose entries together exceed the limit into several requests', async () => {
    const events = Array.from({ length: 10 }, () => eventOfEntrySize(100_000));
    const outcomes = await publisher().publish(events);
    expect(outcomes).toEqual(Array(10).fill(published));
    expect(
      aws.server.requests.map((request) => (request.body['Entries'] as unknown[]).length),
    ).toEqual([2, 2, 2, 2, 2]);
    expect(aws.eventBridge.accepted.map((entry) => JSON.parse(entry.detail).id)).toEqual(
      events.map((event) => event.id),
    );
  });

  it('keeps every request under the limit and gives each event its own outcome', async () => {
    const sizes = fc.array(fc.integer({ min: 1_000, max: EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES + 10 }), {
      minLength: 1,
      maxLength: EVENTBRIDGE_BATCH_SIZE_MAX,
    });
    await fc.assert(
      fc.asyncProperty(sizes, async (entrySizes) => {
        const { client, requests } = recordingClient();
        const events = entrySizes.map((size) => eventOfEntrySize(size));
        const outcomes = await publisher(client).publish(events);
        client.destroy();
        const fits = entrySizes.map((size) => size <= EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES);
        expect(outcomes.map((outcome) => outcome.status)).toEqual(
          fits.map((fit) => (fit ? 'published' : 'failed')),
        );
        for (const entries of requests) {
          expect(entries.length).toBeLessThanOrEqual(EVENTBRIDGE_BATCH_SIZE_MAX);
          const total = entries.reduce((sum, entry) => sum + countedSizeOf(entry), 0);
          expect(total).toBeLessThanOrEqual(EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES);
        }
        const sent = requests.flat().map((entry) => JSON.parse(entry.Detail ?? '').id);
        expect(sent).toEqual(events.filter((_, index) => fits[index]).map((event) => event.id));
      }),
      { numRuns: 30 },
    );
  });

  it('refuses more than a batch in one call, and bad options, as programmer errors', async () => {
    const events = Array.from({ length: EVENTBRIDGE_BATCH_SIZE_MAX + 1 }, () => streamEvent(1));
    await expect(publisher().publish(events)).rejects.toThrow(AssertionFailure);
    const client = aws.client();
    for (const [eventBusName, source] of [
      ['', SOURCE],
      ['bus with spaces', SOURCE],
      ['b'.repeat(1601), SOURCE],
      [BUS, ''],
      [BUS, 's'.repeat(257)],
      [BUS, 'aws.payments'],
    ] as const) {
      expect(() => createEventBridgePublisher(client, { eventBusName, source })).toThrow(
        AssertionFailure,
      );
    }
    const arn = 'arn:aws:events:eu-west-1:111122223333:event-bus/strongroom-events';
    expect(() =>
      createEventBridgePublisher(client, { eventBusName: arn, source: SOURCE }),
    ).not.toThrow();
    expect(aws.server.requests).toEqual([]);
  });
});

/** The AWS size of an entry as sent, counted from its fields alone. */
function countedSizeOf(entry: PutEventsRequestEntry): number {
  const texts = [entry.Source, entry.DetailType, entry.Detail];
  return 14 + texts.reduce((sum, text) => sum + Buffer.byteLength(text ?? ''), 0);
}
