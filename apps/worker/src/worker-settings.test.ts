import 'reflect-metadata';
import { validateEnvironment } from '../../../libs/config/src';
import { WorkerSettings } from './worker-settings';

const required = {
  EMS_API_TOKEN: 'ems-token-0123456789',
  DECISION_LINK_SECRET: 'decision-link-secret-0123456789abcdef',
  PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  PAYLOAD_ENCRYPTION_KEY_ID: 'k1',
  DATABASE_URL: 'postgres://curfew_variations:secret@record-db:5432/curfew_variations',
};
const validate = validateEnvironment(WorkerSettings);

it('runs without nDelius (the local stand-in) and with it, given its token', () => {
  expect(() => validate(required)).not.toThrow();
  expect(() =>
    validate({ ...required, NDELIUS_API_URL: 'https://ndelius.example/api', NDELIUS_API_TOKEN: 't0k3n' }),
  ).not.toThrow();
});

it('refuses to start with nDelius but no token, rather than have every contact refused', () => {
  expect(() => validate({ ...required, NDELIUS_API_URL: 'https://ndelius.example/api' })).toThrow(
    /NDELIUS_API_TOKEN: NDELIUS_API_TOKEN must be set when NDELIUS_API_URL is/,
  );
  expect(() =>
    validate({ ...required, NDELIUS_API_URL: 'https://ndelius.example/api', NDELIUS_API_TOKEN: '' }),
  ).toThrow(/NDELIUS_API_TOKEN/);
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
