import type { SessionData } from 'express-session';
import type { AuthenticatedRequest } from '../../../../../libs/security/src/auth.guard';
import { JourneyAnswersSession } from './journey-answers';

const answers = new JourneyAnswersSession();

/** A request of `username`'s on a browser whose page session is `session`. */
const requestOf = (username: string, session: Partial<SessionData>) =>
  ({
    session: Object.assign(session, { save: (done: () => void) => done() }),
    user: { username, roles: ['practitioner'], pduCodes: ['N07CEN'] },
  }) as unknown as AuthenticatedRequest;

it('gives a user back their own answers, and another user signed in on the same browser a fresh start', async () => {
  const session: Partial<SessionData> = {};
  const started = answers.read(requestOf('alex.smith', session));
  await answers.write(requestOf('alex.smith', session), {
    ...started,
    person: { crn: 'X123456', firstName: 'Sam', lastName: 'Jones', dateOfBirth: '1990-04-01' },
  });
  const own = answers.read(requestOf('alex.smith', session));
  expect(own.person?.crn).toBe('X123456');
  expect(own.key).toBe(started.key);
  const other = answers.read(requestOf('jo.bloggs', session));
  expect(other.person).toBeUndefined();
  expect(other.owner).toBe('jo.bloggs');
  expect(other.key).not.toBe(own.key);

  await answers.clear(requestOf('alex.smith', session));
  expect(answers.read(requestOf('alex.smith', session)).person).toBeUndefined();
});
