import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const text = new TextEncoder();
const utf8 = new TextDecoder();

/**
 * Encrypts every payload (workflow inputs, results, query answers, update arguments) with AES-256-GCM,
 * so Temporal's history holds no plaintext personal data (R17). The key id travels in the payload's
 * metadata: a new write key can be introduced while payloads written with older keys still decrypt.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly writeKeyId: string,
  ) {
    if (!keys.has(writeKeyId)) throw new Error(`No payload encryption key with id "${writeKeyId}"`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => ({
      metadata: { [METADATA_ENCODING_KEY]: text.encode(ENCODING), [KEY_ID]: text.encode(this.writeKeyId) },
      data: this.encrypt(temporal.api.common.v1.Payload.encode(payload).finish()),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (utf8.decode(payload.metadata?.[METADATA_ENCODING_KEY] ?? new Uint8Array()) !== ENCODING)
        return payload;
      const keyId = utf8.decode(payload.metadata?.[KEY_ID] ?? new Uint8Array());
      const key = this.keys.get(keyId);
      if (!key) throw new ValueError(`Payload encrypted with unknown key id "${keyId}"`);
      if (!payload.data) throw new ValueError('Encrypted payload has no data');
      return temporal.api.common.v1.Payload.decode(decrypt(key, payload.data));
    });
  }

  private encrypt(plain: Uint8Array): Uint8Array {
    return encrypt(this.keys.get(this.writeKeyId)!, plain);
  }
}

/** AES-256-GCM: the IV, the ciphertext, then the tag. The record's columns use it too (libs/record). */
export function encrypt(key: Buffer, plain: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function decrypt(key: Buffer, data: Uint8Array): Uint8Array {
  const bytes = Buffer.from(data);
  const iv = bytes.subarray(0, IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = createDecipheriv(CIPHER, key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

/**
 * Parses `PAYLOAD_ENCRYPTION_KEYS`: comma-separated `id:base64` pairs, each key 32 bytes.
 * Throws a message naming the variable, because the apps must refuse to start on a bad key.
 */
export function parseEncryptionKeys(value: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const separator = pair.indexOf(':');
    const id = pair.slice(0, separator);
    const key = Buffer.from(pair.slice(separator + 1), 'base64');
    if (separator < 1 || key.length !== 32) {
      throw new Error('PAYLOAD_ENCRYPTION_KEYS must be comma-separated id:base64 pairs of 32-byte keys');
    }
    keys.set(id, key);
  }
  if (keys.size === 0) throw new Error('PAYLOAD_ENCRYPTION_KEYS must hold at least one key');
  return keys;
}
