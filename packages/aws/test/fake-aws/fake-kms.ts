import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AwsErrorAnswer, type JsonBody, WireViolation } from './aws-json-server.js';
import {
  onlyFields,
  optionalString,
  requiredBlob,
  requiredContext,
  requiredInteger,
  requiredString,
  requiredValue,
} from './wire-shapes.js';

// An in-process AWS KMS for the operations @strongroom/aws uses, with real cryptography: every
// key has its own random AES-256 material, ciphertext blobs are AES-256-GCM with the key id and
// the canonical encryption context as additional data, so a changed bit, another key or another
// context fails exactly as on KMS. Field names, limits and error names follow the KMS API
// reference (docs.aws.amazon.com/kms/latest/APIReference); the blob layout is this fake's own
// (KMS's is opaque too).

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const ARN_PREFIX = `arn:aws:kms:${REGION}:${ACCOUNT}:`;
const BLOB_FORMAT = 0x01;
const KEY_ID_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES;
// KMS limits: plaintext up to 4096 bytes, ciphertext blobs up to 6144 bytes.
const MAX_PLAINTEXT_BYTES = 4096;
const MAX_CIPHERTEXT_BYTES = 6144;
const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface FakeKey {
  readonly keyId: string;
  readonly material: Buffer;
  readonly creationDate: Date;
  readonly description: string;
  readonly tags: readonly { readonly TagKey: string; readonly TagValue: string }[];
  enabled: boolean;
}

interface FakeAlias {
  readonly aliasName: string;
  readonly targetKeyId: string | undefined;
  readonly creationDate: Date;
}

/** Options of {@link FakeKms}. */
export interface FakeKmsOptions {
  /** Largest ListAliases page the fake returns, whatever `Limit` asks: small values test paging. */
  readonly maxPageSize?: number;
}

/** The fake's KMS state and its `TrentService` operation handler. */
export class FakeKms {
  readonly keys = new Map<string, FakeKey>();
  readonly aliases = new Map<string, FakeAlias>();
  private readonly maxPageSize: number;

  constructor(options: FakeKmsOptions = {}) {
    this.maxPageSize = options.maxPageSize ?? 100;
    // Accounts always hold AWS's predefined aliases, some without a target key.
    this.addAlias('alias/aws/dynamodb', undefined);
    this.addAlias('alias/aws/secretsmanager', undefined);
  }

  /** Handles one operation; unknown ones answer as KMS does. */
  readonly handle = (operation: string, body: JsonBody): JsonBody | undefined => {
    switch (operation) {
      case 'CreateKey':
        return this.createKey(body);
      case 'CreateAlias':
        return this.createAlias(body);
      case 'ListAliases':
        return this.listAliases(body);
      case 'DescribeKey':
        return this.describeKey(body);
      case 'GenerateDataKey':
        return this.generateDataKey(body);
      case 'Encrypt':
        return this.encrypt(body);
      case 'Decrypt':
        return this.decrypt(body);
      case 'ReEncrypt':
        return this.reEncrypt(body);
      default:
        throw new AwsErrorAnswer('UnknownOperationException', `Unknown operation ${operation}`);
    }
  };

  /** Adds an alias directly (another application's, or a predefined one), bypassing the API. */
  addAlias(aliasName: string, targetKeyId: string | undefined): void {
    this.aliases.set(aliasName, { aliasName, targetKeyId, creationDate: new Date() });
  }

  /** Creates a key directly, bypassing the API; returns its id. */
  addKey(description = 'test key'): string {
    const keyId = crypto.randomUUID();
    this.keys.set(keyId, {
      keyId,
      material: randomBytes(32),
      creationDate: new Date(),
      description,
      tags: [],
      enabled: true,
    });
    return keyId;
  }

  /** Disables the key behind an alias, as an operator would in the console. */
  disable(aliasName: string): void {
    const key = this.resolve(aliasName);
    key.enabled = false;
  }

  private createKey(body: JsonBody): JsonBody {
    onlyFields(body, ['Description', 'KeyUsage', 'KeySpec', 'Tags']);
    requiredValue(body, 'KeySpec', 'SYMMETRIC_DEFAULT');
    requiredValue(body, 'KeyUsage', 'ENCRYPT_DECRYPT');
    const description = requiredString(body, 'Description', 8192);
    const tags = this.tags(body['Tags']);
    const keyId = crypto.randomUUID();
    const key: FakeKey = {
      keyId,
      material: randomBytes(32),
      creationDate: new Date(),
      description,
      tags,
      enabled: true,
    };
    this.keys.set(keyId, key);
    return { KeyMetadata: this.metadata(key) };
  }

  private tags(value: unknown): FakeKey['tags'] {
    if (!Array.isArray(value) || value.length === 0 || value.length > 50) {
      throw new WireViolation('Tags must be a list of 1-50 tags');
    }
    return value.map((tag: unknown) => {
      const entry = (typeof tag === 'object' && tag !== null ? tag : {}) as JsonBody;
      onlyFields(entry, ['TagKey', 'TagValue']);
      const TagKey = requiredString(entry, 'TagKey', 128);
      if (typeof entry['TagValue'] !== 'string' || entry['TagValue'].length > 256) {
        throw new WireViolation('TagValue must be a string of at most 256 characters');
      }
      return { TagKey, TagValue: entry['TagValue'] };
    });
  }

  private createAlias(body: JsonBody): undefined {
    onlyFields(body, ['AliasName', 'TargetKeyId']);
    const aliasName = requiredString(body, 'AliasName', 256);
    const target = requiredString(body, 'TargetKeyId');
    if (!ALIAS_NAME.test(aliasName) || aliasName.startsWith('alias/aws/')) {
      throw new AwsErrorAnswer('InvalidAliasNameException', `Alias ${aliasName} is invalid`);
    }
    // TargetKeyId names a key by id or key ARN, never by another alias.
    const keyId = target.startsWith(`${ARN_PREFIX}key/`)
      ? target.slice(ARN_PREFIX.length + 4)
      : target;
    if (!UUID.test(keyId)) throw new WireViolation('TargetKeyId must be a key id or key ARN');
    if (!this.keys.has(keyId)) {
      throw new AwsErrorAnswer(
        'NotFoundException',
        `Key '${ARN_PREFIX}key/${keyId}' does not exist`,
      );
    }
    if (this.aliases.has(aliasName)) {
      throw new AwsErrorAnswer(
        'AlreadyExistsException',
        `An alias with the name ${ARN_PREFIX}${aliasName} already exists`,
      );
    }
    this.addAlias(aliasName, keyId);
    return undefined;
  }

  private listAliases(body: JsonBody): JsonBody {
    onlyFields(body, ['Limit', 'Marker']);
    const limit = body['Limit'] === undefined ? 50 : requiredInteger(body, 'Limit', 1, 100);
    const marker = optionalString(body, 'Marker', 1024);
    const names = [...this.aliases.keys()].sort();
    let start = 0;
    if (marker !== undefined) {
      const after = Buffer.from(marker, 'base64url').toString('utf8');
      if (!marker || !names.includes(after)) {
        throw new AwsErrorAnswer(
          'InvalidMarkerException',
          'The request was rejected because the marker is invalid',
        );
      }
      start = names.indexOf(after) + 1;
    }
    const page = names.slice(start, start + Math.min(limit, this.maxPageSize));
    const truncated = start + page.length < names.length;
    const last = page.at(-1);
    return {
      Aliases: page.map((name) => {
        const alias = this.aliases.get(name) as FakeAlias;
        const seconds = epochSeconds(alias.creationDate);
        return {
          AliasName: alias.aliasName,
          AliasArn: `${ARN_PREFIX}${alias.aliasName}`,
          ...(alias.targetKeyId === undefined ? {} : { TargetKeyId: alias.targetKeyId }),
          CreationDate: seconds,
          LastUpdatedDate: seconds,
        };
      }),
      Truncated: truncated,
      ...(truncated && last ? { NextMarker: Buffer.from(last).toString('base64url') } : {}),
    };
  }

  private describeKey(body: JsonBody): JsonBody {
    onlyFields(body, ['KeyId']);
    return { KeyMetadata: this.metadata(this.resolve(requiredString(body, 'KeyId'))) };
  }

  private generateDataKey(body: JsonBody): JsonBody {
    onlyFields(body, ['KeyId', 'KeySpec', 'EncryptionContext']);
    requiredValue(body, 'KeySpec', 'AES_256');
    const context = requiredContext(body, 'EncryptionContext');
    const key = this.usableKey(requiredString(body, 'KeyId'));
    const plaintext = randomBytes(32);
    return {
      CiphertextBlob: seal(key, plaintext, context).toString('base64'),
      Plaintext: plaintext.toString('base64'),
      KeyId: arnOf(key),
    };
  }

  private encrypt(body: JsonBody): JsonBody {
    onlyFields(body, ['KeyId', 'Plaintext', 'EncryptionContext']);
    const plaintext = requiredBlob(body, 'Plaintext', 1, MAX_PLAINTEXT_BYTES);
    const context = requiredContext(body, 'EncryptionContext');
    const key = this.usableKey(requiredString(body, 'KeyId'));
    return {
      CiphertextBlob: seal(key, plaintext, context).toString('base64'),
      KeyId: arnOf(key),
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  }

  private decrypt(body: JsonBody): JsonBody {
    onlyFields(body, ['CiphertextBlob', 'KeyId', 'EncryptionContext']);
    const blob = requiredBlob(body, 'CiphertextBlob', 1, MAX_CIPHERTEXT_BYTES);
    const context = requiredContext(body, 'EncryptionContext');
    // KMS finds the key in the blob's metadata; our adapter also names it (KeyId), so a blob can
    // never be redirected to another key, and the fake insists on it.
    const key = this.usableKey(requiredString(body, 'KeyId'));
    const plaintext = this.open(key, blob, context);
    return {
      KeyId: arnOf(key),
      Plaintext: plaintext.toString('base64'),
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  }

  private reEncrypt(body: JsonBody): JsonBody {
    onlyFields(body, [
      'CiphertextBlob',
      'SourceKeyId',
      'SourceEncryptionContext',
      'DestinationKeyId',
      'DestinationEncryptionContext',
    ]);
    const blob = requiredBlob(body, 'CiphertextBlob', 1, MAX_CIPHERTEXT_BYTES);
    const sourceContext = requiredContext(body, 'SourceEncryptionContext');
    const destinationContext = requiredContext(body, 'DestinationEncryptionContext');
    const source = this.usableKey(requiredString(body, 'SourceKeyId'));
    const destination = this.usableKey(requiredString(body, 'DestinationKeyId'));
    const plaintext = this.open(source, blob, sourceContext);
    return {
      CiphertextBlob: seal(destination, plaintext, destinationContext).toString('base64'),
      SourceKeyId: arnOf(source),
      KeyId: arnOf(destination),
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  }

  private open(key: FakeKey, blob: Buffer, context: Record<string, string>): Buffer {
    if (blob.length < HEADER_BYTES + IV_BYTES + TAG_BYTES || blob[0] !== BLOB_FORMAT) {
      throw invalidCiphertext();
    }
    if (uuidOf(blob.subarray(1, HEADER_BYTES)) !== key.keyId) {
      throw new AwsErrorAnswer(
        'IncorrectKeyException',
        'The key ID in the request does not identify a KMS key that can perform this operation.',
      );
    }
    const iv = blob.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
    const sealed = blob.subarray(HEADER_BYTES + IV_BYTES, blob.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key.material, iv);
    decipher.setAAD(additionalData(blob.subarray(0, HEADER_BYTES), context));
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(sealed), decipher.final()]);
    } catch {
      throw invalidCiphertext();
    }
  }

  private usableKey(keyId: string): FakeKey {
    const key = this.resolve(keyId);
    if (!key.enabled) throw new AwsErrorAnswer('DisabledException', `${arnOf(key)} is disabled.`);
    return key;
  }

  // KMS accepts a key id, key ARN, alias name or alias ARN, and names the missing one in its
  // message (which is why adapters must never pass KMS messages on).
  private resolve(keyId: string): FakeKey {
    const name = keyId.startsWith(ARN_PREFIX) ? keyId.slice(ARN_PREFIX.length) : keyId;
    if (name.startsWith('alias/')) {
      const target = this.aliases.get(name)?.targetKeyId;
      const key = target === undefined ? undefined : this.keys.get(target);
      if (!key)
        throw new AwsErrorAnswer('NotFoundException', `Alias ${ARN_PREFIX}${name} is not found.`);
      return key;
    }
    const id = name.startsWith('key/') ? name.slice(4) : name;
    const key = this.keys.get(id);
    if (!key)
      throw new AwsErrorAnswer('NotFoundException', `Key '${ARN_PREFIX}key/${id}' does not exist`);
    return key;
  }

  private metadata(key: FakeKey): JsonBody {
    return {
      AWSAccountId: ACCOUNT,
      KeyId: key.keyId,
      Arn: arnOf(key),
      CreationDate: epochSeconds(key.creationDate),
      Enabled: key.enabled,
      Description: key.description,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: key.enabled ? 'Enabled' : 'Disabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    };
  }
}

function seal(key: FakeKey, plaintext: Buffer, context: Record<string, string>): Buffer {
  const header = Buffer.concat([Buffer.of(BLOB_FORMAT), bytesOfUuid(key.keyId)]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.material, iv);
  cipher.setAAD(additionalData(header, context));
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, sealed, cipher.getAuthTag()]);
}

// KMS matches an encryption context exactly but regardless of entry order: sort, then encode.
function additionalData(header: Buffer, context: Record<string, string>): Buffer {
  const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.concat([header, Buffer.from(JSON.stringify(entries), 'utf8')]);
}

function invalidCiphertext(): AwsErrorAnswer {
  return new AwsErrorAnswer('InvalidCiphertextException', '');
}

function arnOf(key: FakeKey): string {
  return `${ARN_PREFIX}key/${key.keyId}`;
}

function bytesOfUuid(uuid: string): Buffer {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
