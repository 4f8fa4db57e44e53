import { Transform } from 'class-transformer';

/**
 * An on/off setting read from the environment as `true` or `false`. Implicit conversion would read
 * the string "false" as true; anything but the two words is left as it is, so `@IsBoolean()` names it.
 */
export const BooleanSetting = () =>
  Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const raw = obj[key];
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    return raw;
  });
