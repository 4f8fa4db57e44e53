import { IsIP, IsIn, IsInt, IsNotEmpty, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { validateEnvironment } from '../../../libs/config/src/validate-environment';

export const SIMULATOR_MODES = ['auto', 'hold'] as const;
export type SimulatorMode = (typeof SIMULATOR_MODES)[number];

/** The EMS simulator's configuration (environment). Refuses to start naming the bad variable. */
export class SimulatorSettings {
  @IsInt()
  @Min(0)
  @Max(65535)
  EMS_SIMULATOR_PORT: number = 3100;

  /** 127.0.0.1 by default: the admin API has no authentication. 0.0.0.0 only inside a container network. */
  @IsIP()
  HOST: string = '127.0.0.1';

  /** The bearer token our EMS client must send. */
  @IsString()
  @IsNotEmpty()
  EMS_API_TOKEN!: string;

  /** Standard Webhooks secrets (whsec_...), comma-separated while rotating: the first one signs. */
  @Matches(/^\s*whsec_[A-Za-z0-9+/=]{20,}\s*(,\s*whsec_[A-Za-z0-9+/=]{20,}\s*)*$/, {
    message: 'EMS_WEBHOOK_SECRET must be one or more comma-separated whsec_ secrets',
  })
  EMS_WEBHOOK_SECRET!: string;

  /** Where the webhooks go, e.g. http://127.0.0.1:3000/webhooks/ems. */
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'EMS_WEBHOOK_URL must be an http(s) URL' },
  )
  EMS_WEBHOOK_URL!: string;

  /** auto: events follow on their own; hold: nothing is sent until the admin API says so. */
  @IsIn(SIMULATOR_MODES, { message: `EMS_SIMULATOR_MODE must be one of ${SIMULATOR_MODES.join(', ')}` })
  EMS_SIMULATOR_MODE: SimulatorMode = 'auto';

  /** The wait before each event. */
  @IsInt()
  @Min(0)
  EMS_SIMULATOR_DELAY_MS: number = 1500;

  /** Webhook retries wait base * 2^(attempt - 1) after a failed attempt. */
  @IsInt()
  @Min(1)
  EMS_SIMULATOR_RETRY_BASE_MS: number = 1000;

  @IsInt()
  @Min(1)
  @Max(20)
  EMS_SIMULATOR_MAX_ATTEMPTS: number = 8;
}

/** Raw settings as the environment (strings) or a test (numbers) gives them. */
export type RawSimulatorSettings = Partial<Record<keyof SimulatorSettings, string | number | undefined>>;

/** Converts and validates the raw settings, applying the defaults; throws naming every bad variable. */
export const loadSimulatorSettings = (raw: RawSimulatorSettings | NodeJS.ProcessEnv): SimulatorSettings =>
  validateEnvironment(SimulatorSettings)(raw as Record<string, unknown>);

/** The secret that signs: the first of the list. */
export const signingSecret = (settings: SimulatorSettings): string =>
  settings.EMS_WEBHOOK_SECRET.split(',')[0].trim();
