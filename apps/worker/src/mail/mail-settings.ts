import { IsNotEmpty, IsString, IsUrl, Matches, MinLength } from 'class-validator';
import { join } from 'node:path';
import { repoRoot } from '../../../../libs/config/src/paths';
import { TemporalSettings } from '../../../../libs/temporal/src/temporal-settings';

/** What the worker needs to send mail (api.md, Configuration). */
export class MailSettings extends TemporalSettings {
  @IsUrl(
    { require_tld: false, protocols: ['smtp', 'smtps'], require_protocol: true },
    { message: 'SMTP_URL must be smtp://host:port' },
  )
  SMTP_URL: string = 'smtp://127.0.0.1:1025';

  @IsString()
  @IsNotEmpty()
  MAIL_FROM: string = 'Curfew variations <no-reply@curfew-variations.local>';

  /** PDUs' SPO and PDU Head, court and police mailboxes, the EM Lead. A sample ships. */
  @IsString()
  REFERENCE_DATA_PATH: string = join(repoRoot, 'config', 'reference-data.sample.json');

  /** Base of the links in emails; never taken from a request's Host header. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL: string = 'http://localhost:3000';

  @IsString()
  @MinLength(32, { message: 'DECISION_LINK_SECRET must be at least 32 characters' })
  DECISION_LINK_SECRET!: string;

  @Matches(/^\d+\s?(s|m|h|d|w)$/, { message: 'DECISION_LINK_TTL must be a duration such as 7d or 48h' })
  DECISION_LINK_TTL: string = '7d';
}
