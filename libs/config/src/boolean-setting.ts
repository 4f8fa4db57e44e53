import { Transform } from 'class-transformer';

/**
 * An on/off setting read from the environment: `true`, or `false` (empty is off too, as an unset
 * `${VAR:-}` in compose gives). Implicit conversion would read the string "false" as true; anything
 * else is left as it is, so `@IsBoolean()` names it.
 */
export const BooleanSetting = () =>
  Transform(({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }) => {
    const raw = obj[key];
    if (raw === undefined) return value;
    if (raw === 'true') return true;
    if (raw === 'false' || raw === '') return false;
    return raw;
  });
