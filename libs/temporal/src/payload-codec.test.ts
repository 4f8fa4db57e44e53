import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, parseEncryptionKeys } from './payload-codec';

const key = () => randomBytes(32);
const payload = defaultPayloadConverter.toPayload({ crn: 'X123456', name: 'Sam Jones' });

describe('EncryptionCodec (R17: no plaintext personal data in history)', () => {
  it('round-trips a payload and leaves no plaintext in the encoded bytes', async () => {
    const codec = new EncryptionCodec(new Map([['k1', key()]]), 'k1');
    const [encoded] = await codec.encode([payload]);
    expect(Buffer.from(encoded.data!).toString('latin1')).not.toContain('X123456');
    expect(new TextDecoder().decode(encoded.metadata!['encryption-key-id'])).toBe('k1');
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ crn: 'X123456', name: 'Sam Jones' });
  });

  it('encrypts the same payload differently each time (random IV)', async () => {
    const codec = new EncryptionCodec(new Map([['k1', key()]]), 'k1');
    const [a] = await codec.encode([payload]);
    const [b] = await codec.encode([payload]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('reads payloads written with an older key after rotation to a new write key', async () => {
    const old = key();
    const [written] = await new EncryptionCodec(new Map([['k1', old]]), 'k1').encode([payload]);
    const rotated = new EncryptionCodec(
      new Map([
        ['k1', old],
        ['k2', key()],
      ]),
      'k2',
    );
    const [decoded] = await rotated.decode([written]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ crn: 'X123456', name: 'Sam Jones' });
    const [rewritten] = await rotated.encode([payload]);
    expect(new TextDecoder().decode(rewritten.metadata!['encryption-key-id'])).toBe('k2');
  });

  it('refuses a payload from an unknown key, and one that was tampered with', async () => {
    const [written] = await new EncryptionCodec(new Map([['k1', key()]]), 'k1').encode([payload]);
    await expect(new EncryptionCodec(new Map([['k9', key()]]), 'k9').decode([written])).rejects.toThrow(
      /unknown key id "k1"/,
    );

    const codec = new EncryptionCodec(new Map([['k1', key()]]), 'k1');
    const [mine] = await codec.encode([payload]);
    mine.data![20] ^= 0xff;
    await expect(codec.decode([mine])).rejects.toThrow();
  });

  it('passes through payloads that were never encrypted', async () => {
    const codec = new EncryptionCodec(new Map([['k1', key()]]), 'k1');
    expect(await codec.decode([payload])).toEqual([payload]);
  });
});

describe('parseEncryptionKeys', () => {
  it('reads id:base64 pairs', () => {
    const keys = parseEncryptionKeys(` a:${key().toString('base64')}, b:${key().toString('base64')} `);
    expect([...keys.keys()]).toEqual(['a', 'b']);
  });

  it.each(['', 'nokey', 'a:c2hvcnQ=', `:${randomBytes(32).toString('base64')}`])(
    'refuses %p, naming the variable',
    (value) => {
      expect(() => parseEncryptionKeys(value)).toThrow(/PAYLOAD_ENCRYPTION_KEYS/);
    },
  );

  it('refuses a write key id that has no key', () => {
    expect(() => new EncryptionCodec(new Map([['a', key()]]), 'b')).toThrow(/"b"/);
  });
});
