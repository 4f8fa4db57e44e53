import type { LocalSecrets } from '../../scripts/local-secrets';

/**
 * The recorded histories in test/histories hold only made-up test data, encrypted with this key so
 * that they replay through the real codec. It is a test fixture, not a secret: never use it elsewhere.
 */
export const recordingSecrets: LocalSecrets = {
  AUTH_JWT_SECRET: 'recorded-histories-test-fixture-not-a-secret',
  PAYLOAD_ENCRYPTION_KEYS: 'histories-1:aGlzdG9yaWVzLWZpeHR1cmUtbm90LWEtc2VjcmV0ISE=',
  PAYLOAD_ENCRYPTION_KEY_ID: 'histories-1',
  CRN_LOOKUP_SECRET: 'recorded-histories-test-fixture-not-a-secret',
  DECISION_LINK_SECRET: 'recorded-histories-test-fixture-not-a-secret',
  EMS_API_TOKEN: 'recorded-histories-test-fixture',
  EMS_WEBHOOK_SECRET: 'whsec_aGlzdG9yaWVzLXRlc3QtZml4dHVyZS1ub3QtYS1zZWNyZXQ=',
  NDELIUS_API_TOKEN: 'recorded-histories-test-fixture',
};
