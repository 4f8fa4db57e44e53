import { join } from 'node:path';
import { IsNotEmpty, IsString, Matches } from 'class-validator';
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
