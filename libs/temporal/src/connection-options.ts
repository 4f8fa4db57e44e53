import { readFileSync } from 'node:fs';
import type { ConfigService } from '@nestjs/config';
import type { TemporalSettings } from './temporal-settings';

type ConnectionSettings = Pick<
  TemporalSettings,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_NAMESPACE'
  | 'TEMPORAL_API_KEY'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_CERT_PATH'
  | 'TEMPORAL_TLS_KEY_PATH'
  | 'TEMPORAL_TLS_SERVER_CA_PATH'
>;

/**
 * How the api, the worker and the scripts reach Temporal: plain on a developer's machine; TLS with
 * an API key (Temporal Cloud) or a client certificate (mTLS, self-hosted or Cloud) in production.
 */
export function connectionOptions(settings: ConnectionSettings) {
  const mtls = settings.TEMPORAL_TLS_CERT_PATH && settings.TEMPORAL_TLS_KEY_PATH;
  const tls =
    mtls || settings.TEMPORAL_TLS_SERVER_CA_PATH
      ? {
          clientCertPair: mtls
            ? {
                crt: readFileSync(settings.TEMPORAL_TLS_CERT_PATH!),
                key: readFileSync(settings.TEMPORAL_TLS_KEY_PATH!),
              }
            : undefined,
          serverRootCACertificate: settings.TEMPORAL_TLS_SERVER_CA_PATH
            ? readFileSync(settings.TEMPORAL_TLS_SERVER_CA_PATH)
            : undefined,
        }
      : settings.TEMPORAL_TLS || !!settings.TEMPORAL_API_KEY;
  return {
    address: settings.TEMPORAL_ADDRESS,
    tls,
    apiKey: settings.TEMPORAL_API_KEY,
    // Temporal Cloud routes an API-key call by this header.
    metadata: settings.TEMPORAL_API_KEY ? { 'temporal-namespace': settings.TEMPORAL_NAMESPACE } : undefined,
  };
}

/** The connection settings out of an app's validated configuration. */
export const connectionSettings = (config: ConfigService<TemporalSettings, true>): ConnectionSettings => ({
  TEMPORAL_ADDRESS: config.get('TEMPORAL_ADDRESS', { infer: true }),
  TEMPORAL_NAMESPACE: config.get('TEMPORAL_NAMESPACE', { infer: true }),
  TEMPORAL_API_KEY: config.get('TEMPORAL_API_KEY', { infer: true }),
  TEMPORAL_TLS: config.get('TEMPORAL_TLS', { infer: true }),
  TEMPORAL_TLS_CERT_PATH: config.get('TEMPORAL_TLS_CERT_PATH', { infer: true }),
  TEMPORAL_TLS_KEY_PATH: config.get('TEMPORAL_TLS_KEY_PATH', { infer: true }),
  TEMPORAL_TLS_SERVER_CA_PATH: config.get('TEMPORAL_TLS_SERVER_CA_PATH', { infer: true }),
});
