// Secrets for local runs, generated on first use and kept under .data/ (git-ignored), never in the repo.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalSecrets {
  AUTH_JWT_SECRET: string;
  PAYLOAD_ENCRYPTION_KEYS: string;
  PAYLOAD_ENCRYPTION_KEY_ID: string;
  CRN_LOOKUP_SECRET: string;
  EMS_WEBHOOK_SECRET: string;
  DECISION_LINK_SECRET: string;
  EMS_API_TOKEN: string;
  NDELIUS_API_TOKEN: string;
}

export function generateSecrets(): LocalSecrets {
  return {
    AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
    PAYLOAD_ENCRYPTION_KEYS: `local-1:${randomBytes(32).toString('base64')}`,
    PAYLOAD_ENCRYPTION_KEY_ID: 'local-1',
    CRN_LOOKUP_SECRET: randomBytes(32).toString('base64url'),
    EMS_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
    DECISION_LINK_SECRET: randomBytes(32).toString('base64url'),
    EMS_API_TOKEN: randomBytes(24).toString('base64url'),
    NDELIUS_API_TOKEN: randomBytes(24).toString('base64url'),
  };
}

/** The same secrets on every `npm start`, so variations created before stay readable. New kinds are added. */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'local-secrets.json');
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const secrets = { ...generateSecrets(), ...saved };
  if (Object.keys(saved).length !== Object.keys(secrets).length) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
