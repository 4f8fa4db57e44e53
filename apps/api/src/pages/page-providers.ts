import type { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac } from 'node:crypto';
import { loadReferenceData } from '../../../../libs/notifications/src/reference-data';
import { DecisionLinks } from '../../../../libs/security/src/decision-links';
import type { Pool } from 'pg';
import { RECORD_POOL } from '../../../../libs/record/src/record.module';
import { PageSessions } from '../../../../libs/security/src/page-session';
import { EncryptedSessionStore } from '../../../../libs/security/src/session-store';
import { parseEncryptionKeys } from '../../../../libs/temporal/src/payload-codec';
import type { ApiSettings } from '../api-settings';
import { HmppsAuth } from './sign-in/hmpps-auth';

export const REFERENCE_DATA = Symbol('REFERENCE_DATA');
/** HmppsAuth when production sign-in is configured, else null (the local sign-in page). */
export const HMPPS_AUTH = Symbol('HMPPS_AUTH');
/** Decision links for approvers signed in to the service: used at once, so they live minutes, not days. */
export const PAGE_DECISION_LINKS = Symbol('PAGE_DECISION_LINKS');

type Config = ConfigService<ApiSettings, true>;

export const pageProviders: Provider[] = [
  {
    provide: EncryptedSessionStore,
    inject: [ConfigService, RECORD_POOL],
    useFactory: (config: Config, pool: Pool) =>
      new EncryptedSessionStore(
        pool,
        parseEncryptionKeys(config.get('PAYLOAD_ENCRYPTION_KEYS', { infer: true })),
        config.get('PAYLOAD_ENCRYPTION_KEY_ID', { infer: true }),
      ),
  },
  {
    provide: PageSessions,
    inject: [ConfigService, EncryptedSessionStore],
    useFactory: (config: Config, store: EncryptedSessionStore) => {
      // Without its own secret, a key of its own derived from the decision-link secret.
      const secret =
        config.get('SESSION_SECRET', { infer: true }) ??
        createHmac('sha256', config.get('DECISION_LINK_SECRET', { infer: true }))
          .update('page-sessions')
          .digest('base64url');
      const secure = config.get('PUBLIC_BASE_URL', { infer: true }).startsWith('https:');
      return new PageSessions(secret, secure, store);
    },
  },
  {
    provide: PAGE_DECISION_LINKS,
    inject: [ConfigService],
    useFactory: (config: Config) =>
      new DecisionLinks(config.get('DECISION_LINK_SECRET', { infer: true }), '30m'),
  },
  {
    provide: REFERENCE_DATA,
    inject: [ConfigService],
    useFactory: (config: Config) => loadReferenceData(config.get('REFERENCE_DATA_PATH', { infer: true })),
  },
  {
    provide: HMPPS_AUTH,
    inject: [ConfigService],
    useFactory: (config: Config) => {
      const authorizeUrl = config.get('AUTH_AUTHORIZE_URL', { infer: true });
      if (!authorizeUrl) return null;
      return new HmppsAuth({
        authorizeUrl,
        tokenUrl: config.get('AUTH_TOKEN_URL', { infer: true })!,
        clientId: config.get('AUTH_CLIENT_ID', { infer: true })!,
        clientSecret: config.get('AUTH_CLIENT_SECRET', { infer: true })!,
        redirectUri: new URL('/sign-in/callback', config.get('PUBLIC_BASE_URL', { infer: true })).toString(),
      });
    },
  },
];
