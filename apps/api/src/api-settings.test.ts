import 'reflect-metadata';
import { validateEnvironment } from '../../../libs/config/src';
import { ApiSettings } from './api-settings';

const REQUIRED = {
  PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  PAYLOAD_ENCRYPTION_KEY_ID: 'k1',
  CRN_LOOKUP_SECRET: 'c'.repeat(32),
  DECISION_LINK_SECRET: 'd'.repeat(32),
  EMS_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 2).toString('base64')}`,
  DATABASE_URL: 'postgres://curfew_variations:secret@record-db:5432/curfew_variations',
  NDELIUS_API_TOKEN: 'ndelius-token',
};
const settings = (env: Record<string, string>) => validateEnvironment(ApiSettings)({ ...REQUIRED, ...env });

describe('the local sign-in page (anyone who reaches it picks any role)', () => {
  it('is off unless asked for, even with a secret for bearer tokens', () => {
    expect(settings({ AUTH_JWT_SECRET: 's'.repeat(32) }).LOCAL_SIGN_IN).toBe(false);
    expect(settings({ AUTH_JWT_SECRET: 's'.repeat(32), LOCAL_SIGN_IN: 'false' }).LOCAL_SIGN_IN).toBe(false);
    expect(settings({ LOCAL_SIGN_IN: '' }).LOCAL_SIGN_IN).toBe(false);
    expect(settings({ AUTH_JWT_SECRET: 's'.repeat(32), LOCAL_SIGN_IN: 'true' }).LOCAL_SIGN_IN).toBe(true);
  });

  it('needs the secret it mints tokens with, and a plain true or false', () => {
    expect(() => settings({ LOCAL_SIGN_IN: 'true' })).toThrow(
      /AUTH_JWT_SECRET is required with LOCAL_SIGN_IN/,
    );
    expect(() => settings({ AUTH_JWT_SECRET: 's'.repeat(32), LOCAL_SIGN_IN: 'yes' })).toThrow(
      /LOCAL_SIGN_IN must be true or false/,
    );
  });
});

describe('previous decision-link secrets (rotation)', () => {
  it('takes a comma-separated list, each secret at least 32 characters, and never quotes one back', () => {
    const list = `${'o'.repeat(32)}, ${'p'.repeat(40)}`;
    expect(settings({ DECISION_LINK_PREVIOUS_SECRETS: list }).DECISION_LINK_PREVIOUS_SECRETS).toBe(list);
    const refusal = (() => {
      try {
        settings({ DECISION_LINK_PREVIOUS_SECRETS: `${'o'.repeat(32)},short-secret` });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(refusal).toMatch(/DECISION_LINK_PREVIOUS_SECRETS must be comma-separated secrets of at least 32/);
    expect(refusal).not.toContain('short-secret');
  });
});

it('refuses to start without the record, naming DATABASE_URL', () => {
  const withoutRecord: Partial<typeof REQUIRED> = { ...REQUIRED };
  delete withoutRecord.DATABASE_URL;
  expect(() => validateEnvironment(ApiSettings)(withoutRecord)).toThrow(
    /DATABASE_URL must be a postgres:\/\/ URL/,
  );
});
