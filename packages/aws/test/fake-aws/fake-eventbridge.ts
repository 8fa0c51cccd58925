import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  AwsErrorAnswer,
  type AwsJsonServer,
  type JsonBody,
  startAwsJsonServer,
  WireViolation,
} from './aws-json-server.js';
import { onlyFields, requiredString } from './wire-shapes.js';

// An in-process Amazon EventBridge for PutEvents, the one operation the publisher calls. Field
// names and limits follow the EventBridge API reference (PutEvents, PutEventsRequestEntry): at most
// 10 entries, `Source` up to 256 characters, `DetailType` up to 128, `EventBusName` up to 1,600,
// `Time` a timestamp (epoch seconds in the JSON protocol), and each entry and the whole request
// under 256 KB as the user guide counts it (eb-putevent-size.html). Answers are one result per
// entry, in order: an `EventId`, or the `ErrorCode` and `ErrorMessage` a test scripted.

const ENTRY_FIELDS = ['Source', 'DetailType', 'Detail', 'EventBusName', 'Time'];
const SIZE_LIMIT_BYTES = 256 * 1024;
const TIME_BYTES = 14;

/** An entry the fake accepted, as it arrived. */
export interface PutEntry {
  readonly eventBusName: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: string;
  readonly timeSeconds: number;
}

/** What one scripted answer does with each entry: accept it, or fail it with an error code. */
export type ScriptedResult = { readonly errorCode: string } | 'accept' | 'omit';

/** The fake's state and its `AWSEvents` operation handler. */
export class FakeEventBridge {
  /** Every entry accepted so far, in arrival order. */
  readonly accepted: PutEntry[] = [];
  private readonly scripts: (readonly ScriptedResult[] | JsonBody)[] = [];
  private nextEventNumber = 1;

  /** Answers the next PutEvents with these results, one per entry; missing ones accept. */
  answerNext(results: readonly ScriptedResult[]): void {
    this.scripts.push(results);
  }

  /** Answers the next PutEvents with exactly this body, whatever it was sent. */
  answerNextWith(body: JsonBody): void {
    this.scripts.push(body);
  }

  /** Handles one operation; unknown ones answer as EventBridge does. */
  readonly handle = (operation: string, body: JsonBody): JsonBody => {
    if (operation !== 'PutEvents') {
      throw new AwsErrorAnswer('UnknownOperationException', `Unknown operation ${operation}`);
    }
    onlyFields(body, ['Entries']);
    const entries = body['Entries'];
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) {
      throw new WireViolation('Entries must be a list of 1-10 entries');
    }
    const parsed = entries.map((entry: unknown) => parseEntry(entry));
    const totalBytes = parsed.reduce((total, { sizeBytes }) => total + sizeBytes, 0);
    if (totalBytes >= SIZE_LIMIT_BYTES) throw new WireViolation('entries total 256 KB or more');

    const script = this.scripts.shift();
    if (script !== undefined && !Array.isArray(script)) return script as JsonBody;
    const results = parsed.map(({ entry }, index) => {
      const scripted = script?.[index] ?? 'accept';
      if (scripted === 'omit') return {};
      if (scripted === 'accept') {
        this.accepted.push(entry);
        const eventId = `11111111-2222-3333-4444-${String(this.nextEventNumber).padStart(12, '0')}`;
        this.nextEventNumber += 1;
        return { EventId: eventId };
      }
      // AWS quotes what it refused in its message; the publisher must not pass that on.
      return { ErrorCode: scripted.errorCode, ErrorMessage: `Refused: ${entry.detail}` };
    });
    const failed = results.filter((result) => !('EventId' in result)).length;
    return { FailedEntryCount: failed, Entries: results };
  };
}

function parseEntry(value: unknown): { entry: PutEntry; sizeBytes: number } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WireViolation('an entry must be an object');
  }
  const body = value as JsonBody;
  onlyFields(body, ENTRY_FIELDS);
  const source = requiredString(body, 'Source', 256);
  const detailType = requiredString(body, 'DetailType', 128);
  const detail = requiredString(body, 'Detail', SIZE_LIMIT_BYTES);
  const eventBusName = requiredString(body, 'EventBusName', 1600);
  const timeSeconds = body['Time'];
  if (typeof timeSeconds !== 'number' || !Number.isFinite(timeSeconds)) {
    throw new WireViolation('Time must be epoch seconds');
  }
  let parsedDetail: unknown;
  try {
    parsedDetail = JSON.parse(detail);
  } catch {
    throw new WireViolation('Detail must be JSON');
  }
  if (typeof parsedDetail !== 'object' || parsedDetail === null || Array.isArray(parsedDetail)) {
    throw new WireViolation('Detail must be a JSON object');
  }
  const sizeBytes =
    TIME_BYTES +
    Buffer.byteLength(source, 'utf8') +
    Buffer.byteLength(detailType, 'utf8') +
    Buffer.byteLength(detail, 'utf8');
  if (sizeBytes >= SIZE_LIMIT_BYTES) throw new WireViolation('entry of 256 KB or more');
  return { entry: { eventBusName, source, detailType, detail, timeSeconds }, sizeBytes };
}

/** A fake EventBridge endpoint and real SDK clients pointed at it. */
export interface FakeEventBridgeEndpoint {
  readonly server: AwsJsonServer;
  readonly eventBridge: FakeEventBridge;
  /** A real EventBridge client on the fake; one attempt, so faults surface at once. */
  client(): EventBridgeClient;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with a port of the OS's choosing. */
export async function startFakeEventBridge(): Promise<FakeEventBridgeEndpoint> {
  const eventBridge = new FakeEventBridge();
  const server = await startAwsJsonServer({ AWSEvents: eventBridge.handle });
  const clients: EventBridgeClient[] = [];
  return {
    server,
    eventBridge,
    client() {
      const client = new EventBridgeClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret-access-key' },
        endpoint: server.endpoint,
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      await server.close();
    },
  };
}
