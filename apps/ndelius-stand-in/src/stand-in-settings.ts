import { IsIP, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { join } from 'node:path';
import { repoRoot } from '../../../libs/config/src/paths';
import { validateEnvironment } from '../../../libs/config/src/validate-environment';

/** The nDelius stand-in's configuration (environment). Refuses to start naming the bad variable. */
export class StandInSettings {
  @IsInt()
  @Min(0)
  @Max(65535)
  NDELIUS_STAND_IN_PORT: number = 3200;

  /** 127.0.0.1 by default: the admin API has no authentication. */
  @IsIP()
  HOST: string = '127.0.0.1';

  /** The bearer token our nDelius client must send. */
  @IsString()
  @IsNotEmpty()
  NDELIUS_API_TOKEN!: string;

  /** The fictional people it starts with. */
  @IsString()
  @IsNotEmpty()
  NDELIUS_PEOPLE_PATH: string = join(repoRoot, 'config', 'ndelius-people.json');
}

export const loadStandInSettings = (raw: NodeJS.ProcessEnv | Record<string, unknown>): StandInSettings =>
  validateEnvironment(StandInSettings)(raw as Record<string, unknown>);
