import type { Response } from 'express';
import type { AuthenticatedRequest } from '../../../../../libs/security/src/auth.guard';
import { PageSessions } from '../../../../../libs/security/src/page-session';
import { JourneyAnswersCookie } from './journey-answers';

const answers = new JourneyAnswersCookie(new PageSessions('a-page-session-secret-of-some-length', false));

/** The answers cookie as the browser would send it back after `write`. */
async function written(owner: string): Promise<string> {
  let cookie = '';
  const response = {
    cookie: (name: string, value: string) => (cookie = `${name}=${encodeURIComponent(value)}`),
    clearCookie: () => undefined,
  } as unknown as Response;
  const started = await answers.read(requestOf(owner, ''));
  await answers.write(response, {
    ...started,
    person: { crn: 'X123456', firstName: 'Sam', lastName: 'Jones', dateOfBirth: '1990-04-01' },
  });
  return cookie;
}

const requestOf = (username: string, cookie: string) =>
  ({
    headers: { cookie },
    user: { username, roles: ['practitioner'], pduCodes: ['N07CEN'] },
  }) as unknown as AuthenticatedRequest;

it('gives a user back their own answers, and another user signed in on the same browser a fresh start', async () => {
  const cookie = await written('alex.smith');
  const own = await answers.read(requestOf('alex.smith', cookie));
  expect(own.person?.crn).toBe('X123456');
  const other = await answers.read(requestOf('jo.bloggs', cookie));
  expect(other.person).toBeUndefined();
  expect(other.owner).toBe('jo.bloggs');
  expect(other.key).not.toBe(own.key);
});
