import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type AwsJsonServer, startAwsJsonServer } from './aws-json-server.js';
import { FakeKms, type FakeKmsOptions } from './fake-kms.js';
import { FakeSecretsManager } from './fake-secrets-manager.js';

/** A fake AWS endpoint with KMS and Secrets Manager behind it, and SDK clients pointed at it. */
export interface FakeAws {
  readonly server: AwsJsonServer;
  readonly kms: FakeKms;
  readonly secretsManager: FakeSecretsManager;
  /** A real KMS client on the fake; `maxAttempts` 1 unless asked, so faults surface at once. */
  kmsClient(options?: { maxAttempts?: number }): KMSClient;
  /** A real Secrets Manager client on the fake. */
  secretsManagerClient(): SecretsManagerClient;
  close(): Promise<void>;
}

const CLIENT_DEFAULTS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret-access-key' },
} as const;

/** Starts the fake on 127.0.0.1 with a port of the OS's choosing. */
export async function startFakeAws(options: FakeKmsOptions = {}): Promise<FakeAws> {
  const kms = new FakeKms(options);
  const secretsManager = new FakeSecretsManager();
  const server = await startAwsJsonServer({
    TrentService: kms.handle,
    secretsmanager: secretsManager.handle,
  });
  const clients: { destroy(): void }[] = [];
  return {
    server,
    kms,
    secretsManager,
    kmsClient(clientOptions = {}) {
      const client = new KMSClient({
        ...CLIENT_DEFAULTS,
        endpoint: server.endpoint,
        maxAttempts: clientOptions.maxAttempts ?? 1,
      });
      clients.push(client);
      return client;
    },
    secretsManagerClient() {
      const client = new SecretsManagerClient({
        ...CLIENT_DEFAULTS,
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
