import 'reflect-metadata';
import { validateEnvironment } from '../../../libs/config/src';
import { WorkerSettings } from './worker-settings';

const required = {
  EMS_API_TOKEN: 'ems-token-0123456789',
  DECISION_LINK_SECRET: 'decision-link-secret-0123456789abcdef',
  PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  PAYLOAD_ENCRYPTION_KEY_ID: 'k1',
  DATABASE_URL: 'postgres://curfew_variations:secret@record-db:5432/curfew_variations',
  NDELIUS_API_TOKEN: 'ndelius-token',
};
const validate = validateEnvironment(WorkerSettings);

it('reaches nDelius with a fixed token (the stand-in) or with HMPPS Auth client credentials', () => {
  expect(() => validate(required)).not.toThrow();
  const withoutToken: Record<string, string> = { ...required };
  delete withoutToken.NDELIUS_API_TOKEN;
  expect(() =>
    validate({
      ...withoutToken,
      NDELIUS_API_URL: 'https://ndelius.example/api',
      NDELIUS_AUTH_URL: 'https://sign-in.hmpps.example/auth',
      NDELIUS_CLIENT_ID: 'curfew-variations',
      NDELIUS_CLIENT_SECRET: 's3cret',
    }),
  ).not.toThrow();
});

it('refuses to start with no way to reach nDelius, rather than have every call refused', () => {
  const withoutToken: Record<string, string> = { ...required };
  delete withoutToken.NDELIUS_API_TOKEN;
  expect(() => validate(withoutToken)).toThrow(
    /NDELIUS_API_TOKEN is required unless NDELIUS_AUTH_URL and its client are set/,
  );
  expect(() =>
    validate({
      ...withoutToken,
      NDELIUS_AUTH_URL: 'https://sign-in.hmpps.example/auth',
      NDELIUS_CLIENT_ID: 'c',
    }),
  ).toThrow(/NDELIUS_CLIENT_SECRET is needed with NDELIUS_AUTH_URL/);
});

it('refuses to start without the record, naming DATABASE_URL', () => {
  const withoutRecord: Partial<typeof required> = { ...required };
  delete withoutRecord.DATABASE_URL;
  expect(() => validate(withoutRecord)).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
});

it('keeps records seven years unless told otherwise, and names a retention it cannot read (R17)', () => {
  expect(validate(required).RECORD_RETENTION).toBe('7y');
  expect(() => validate({ ...required, RECORD_RETENTION: 'forever' })).toThrow(
    /RECORD_RETENTION must be years or days, such as 7y or 30d/,
  );
});
