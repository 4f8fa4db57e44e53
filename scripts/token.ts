// `npm run token -- --role practitioner [--pdu N07CEN] [--user alex.smith]`: a local HS256 token.
import { SignJWT } from 'jose';
import { parseArgs } from 'node:util';
import { ROLES } from '../libs/domain/src/variation';
import { localSecrets } from './local-secrets';
import { dataDir } from '../libs/config/src/paths';

const ROLE_NAMES: Record<string, string> = {
  practitioner: ROLES.practitioner,
  spo: ROLES.spo,
  'pdu-head': ROLES.pduHead,
  'em-lead': ROLES.emLead,
  admin: ROLES.admin,
};

export async function localToken(
  secret: string,
  options: { role: string; pdu?: string; user?: string; name?: string },
): Promise<string> {
  const authority = ROLE_NAMES[options.role];
  if (!authority) throw new Error(`--role must be one of ${Object.keys(ROLE_NAMES).join(', ')}`);
  const user = options.user ?? `local.${options.role}`;
  return new SignJWT({
    user_name: user,
    name: options.name ?? user,
    email: `${user}@probation.example`,
    authorities: [authority],
    pdu_codes: [options.pdu ?? 'N07CEN'],
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user)
    .setIssuedAt()
    .setExpirationTime('8h')
    .sign(new TextEncoder().encode(secret));
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'practitioner' },
      pdu: { type: 'string' },
      user: { type: 'string' },
    },
  });
  const secret = process.env.AUTH_JWT_SECRET ?? localSecrets(dataDir).AUTH_JWT_SECRET;
  localToken(secret, { role: values.role!, pdu: values.pdu, user: values.user })
    .then((token) => console.log(token))
    .catch((error: Error) => {
      console.error(error.message);
      process.exit(1);
    });
}
