import { plainCode } from './labels';

it('reads workflow codes as words, and leaves references in a note as written', () => {
  expect(plainCode('IN_PERSON')).toBe('In person');
  expect(plainCode('COURT')).toBe('Court');
  // Initialisms stay initialisms.
  expect(plainCode('EMS')).toBe('EMS provider');
  expect(plainCode('PDU_HEAD')).toBe('Head of PDU');
  expect(plainCode('The variation is AWAITING_TRIAGE: approval cannot be decided now')).toBe(
    'The variation is Awaiting triage: approval cannot be decided now',
  );
  expect(plainCode('nDelius contact CONTACT-B2E438AFAC7301C6')).toBe(
    'nDelius contact CONTACT-B2E438AFAC7301C6',
  );
});
