import { join } from 'node:path';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { BooleanSetting } from '../../config/src/boolean-setting';
import { dataDir } from '../../config/src/paths';

/** The Temporal part of the configuration, shared by the api and the worker (api.md, Configuration). */
export class TemporalSettings {
  @IsString()
  @Matches(/^[\w.-]+:\d+$/, { message: 'TEMPORAL_ADDRESS must be host:port' })
  TEMPORAL_ADDRESS: string = '127.0.0.1:7233';

  @IsString()
  @IsNotEmpty()
  TEMPORAL_NAMESPACE: string = 'default';

  @IsString()
  @IsNotEmpty()
  TEMPORAL_TASK_QUEUE: string = 'curfew-variations';

  /** Temporal Cloud's API key (TLS is then on). A secret: from the environment only. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  TEMPORAL_API_KEY?: string;

  /** TLS with the system's roots; implied by an API key or any of the files below. */
  @IsOptional()
  @BooleanSetting()
  @IsBoolean({ message: 'TEMPORAL_TLS must be true or false' })
  TEMPORAL_TLS?: boolean;

  /** mTLS: the client certificate and key (PEM files), both or neither. */
  @ValidateIf((settings: TemporalSettings) => !!settings.TEMPORAL_TLS_KEY_PATH)
  @IsString({ message: 'TEMPORAL_TLS_CERT_PATH is required with TEMPORAL_TLS_KEY_PATH' })
  TEMPORAL_TLS_CERT_PATH?: string;

  @ValidateIf((settings: TemporalSettings) => !!settings.TEMPORAL_TLS_CERT_PATH)
  @IsString({ message: 'TEMPORAL_TLS_KEY_PATH is required with TEMPORAL_TLS_CERT_PATH' })
  TEMPORAL_TLS_KEY_PATH?: string;

  /** A private CA for the server's certificate (self-hosted). */
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_SERVER_CA_PATH?: string;

  /** No default: a key is a secret. `npm start` generates one under .data/ for local runs. */
  @IsString()
  @Matches(/^\s*[\w-]+:[A-Za-z0-9+/=]{43,44}\s*(,\s*[\w-]+:[A-Za-z0-9+/=]{43,44}\s*)*$/, {
    message: 'PAYLOAD_ENCRYPTION_KEYS must be comma-separated id:base64 pairs of 32-byte keys',
  })
  PAYLOAD_ENCRYPTION_KEYS!: string;

  @IsString()
  @IsNotEmpty()
  PAYLOAD_ENCRYPTION_KEY_ID!: string;

  /** R17: where the audit trail of views, decisions and disclosures is written (JSON lines). */
  @IsString()
  @IsNotEmpty()
  AUDIT_LOG_PATH: string = join(dataDir, 'audit.jsonl');
}
