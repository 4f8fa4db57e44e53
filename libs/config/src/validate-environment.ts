import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/**
 * Builds the `validate` function for `ConfigModule.forRoot`: converts the raw environment into the
 * app's typed settings class (applying its defaults) and refuses to start, naming every bad variable.
 */
export function validateEnvironment<T extends object>(settings: new () => T) {
  return (raw: Record<string, unknown>): T => {
    const config = plainToInstance(settings, raw, {
      enableImplicitConversion: true,
      exposeDefaultValues: true,
    });
    const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
    if (errors.length > 0) {
      throw new Error(`Invalid configuration:\n${errors.map(describe).join('\n')}`);
    }
    return config;
  };
}

function describe(error: ValidationError): string {
  return `  ${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`;
}
