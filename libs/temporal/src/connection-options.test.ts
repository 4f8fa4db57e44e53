import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironment } from '../../config/src';
import { connectionOptions } from './connection-options';
import { TemporalSettings } from './temporal-settings';

const KEYS = {
  PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  PAYLOAD_ENCRYPTION_KEY_ID: 'k1',
};
const settings = (env: Record<string, string>) => validateEnvironment(TemporalSettings)({ ...KEYS, ...env });

describe('the connection to Temporal', () => {
  it('is plain by default (the local dev server)', () => {
    expect(connectionOptions(settings({}))).toEqual({
      address: '127.0.0.1:7233',
      tls: false,
      apiKey: undefined,
      metadata: undefined,
    });
  });

  it('reads TEMPORAL_TLS as the word it is: false is off, and anything but true or false is refused', () => {
    expect(connectionOptions(settings({ TEMPORAL_TLS: 'false' })).tls).toBe(false);
    expect(connectionOptions(settings({ TEMPORAL_TLS: '' })).tls).toBe(false);
    expect(connectionOptions(settings({ TEMPORAL_TLS: 'true' })).tls).toBe(true);
    expect(() => settings({ TEMPORAL_TLS: 'yes' })).toThrow(/TEMPORAL_TLS must be true or false/);
  });

  it('uses TLS, the API key and the namespace header for Temporal Cloud', () => {
    const options = connectionOptions(
      settings({
        TEMPORAL_ADDRESS: 'cv.abcde.tmprl.cloud:7233',
        TEMPORAL_NAMESPACE: 'cv.abcde',
        TEMPORAL_API_KEY: 'key',
      }),
    );
    expect(options).toMatchObject({
      tls: true,
      apiKey: 'key',
      metadata: { 'temporal-namespace': 'cv.abcde' },
    });
  });

  it('presents a client certificate for mTLS, and refuses a certificate without its key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    writeFileSync(join(dir, 'client.pem'), 'CERT');
    writeFileSync(join(dir, 'client.key'), 'KEY');
    const options = connectionOptions(
      settings({
        TEMPORAL_TLS_CERT_PATH: join(dir, 'client.pem'),
        TEMPORAL_TLS_KEY_PATH: join(dir, 'client.key'),
      }),
    );
    expect(options.tls).toEqual({
      clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
      serverRootCACertificate: undefined,
    });
    expect(() => settings({ TEMPORAL_TLS_CERT_PATH: join(dir, 'client.pem') })).toThrow(
      /TEMPORAL_TLS_KEY_PATH is required with TEMPORAL_TLS_CERT_PATH/,
    );
  });
});
