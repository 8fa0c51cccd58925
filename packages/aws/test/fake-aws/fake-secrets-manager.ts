import { AwsErrorAnswer, type JsonBody } from './aws-json-server.js';
import { onlyFields, requiredString } from './wire-shapes.js';

// An in-process AWS Secrets Manager for GetSecretValue: secrets with versions and staging labels
// (AWSCURRENT moves to the newest value, the one before becomes AWSPREVIOUS), as in the Secrets
// Manager API reference (docs.aws.amazon.com/secretsmanager/latest/apireference).

const ARN_PREFIX = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:';

interface FakeSecretVersion {
  readonly versionId: string;
  readonly secretString?: string;
  readonly secretBinary?: Buffer;
  readonly createdDate: Date;
  stages: string[];
}

interface FakeSecret {
  readonly name: string;
  readonly arn: string;
  readonly versions: FakeSecretVersion[];
  deleted: boolean;
}

/** The fake's Secrets Manager state and its `secretsmanager` operation handler. */
export class FakeSecretsManager {
  readonly secrets = new Map<string, FakeSecret>();

  /** Handles one operation; unknown ones answer as Secrets Manager does. */
  readonly handle = (operation: string, body: JsonBody): JsonBody => {
    if (operation !== 'GetSecretValue') {
      throw new AwsErrorAnswer('UnknownOperationException', `Unknown operation ${operation}`);
    }
    // Our provider reads the current version by name: no VersionId, no VersionStage.
    onlyFields(body, ['SecretId']);
    const secretId = requiredString(body, 'SecretId', 2048);
    const secret = this.find(secretId);
    if (!secret) {
      throw new AwsErrorAnswer(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret: ${secretId}`,
      );
    }
    if (secret.deleted) {
      throw new AwsErrorAnswer(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
    const current = secret.versions.find((version) => version.stages.includes('AWSCURRENT'));
    if (!current) throw new AwsErrorAnswer('ResourceNotFoundException', 'No current version');
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: current.versionId,
      ...(current.secretString === undefined ? {} : { SecretString: current.secretString }),
      ...(current.secretBinary === undefined
        ? {}
        : { SecretBinary: current.secretBinary.toString('base64') }),
      VersionStages: current.stages,
      CreatedDate: current.createdDate.getTime() / 1000,
    };
  };

  /** PutSecretValue, done directly: the new value becomes AWSCURRENT. */
  putSecretString(name: string, secretString: string): void {
    this.put(name, { secretString });
  }

  /** A binary secret, which the provider does not read. */
  putSecretBinary(name: string, secretBinary: Buffer): void {
    this.put(name, { secretBinary });
  }

  /** DeleteSecret with a recovery window: the secret stays but cannot be read. */
  markDeleted(name: string): void {
    const secret = this.secrets.get(name);
    if (secret) secret.deleted = true;
  }

  private put(name: string, value: { secretString?: string; secretBinary?: Buffer }): void {
    let secret = this.secrets.get(name);
    if (!secret) {
      secret = { name, arn: `${ARN_PREFIX}${name}-AbCdEf`, versions: [], deleted: false };
      this.secrets.set(name, secret);
    }
    for (const version of secret.versions) {
      version.stages = version.stages.includes('AWSCURRENT') ? ['AWSPREVIOUS'] : [];
    }
    secret.versions.push({
      versionId: crypto.randomUUID(),
      ...value,
      createdDate: new Date(),
      stages: ['AWSCURRENT'],
    });
  }

  private find(secretId: string): FakeSecret | undefined {
    if (!secretId.startsWith(ARN_PREFIX)) return this.secrets.get(secretId);
    return [...this.secrets.values()].find((secret) => secret.arn === secretId);
  }
}
