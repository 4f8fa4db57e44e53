import type { EmsNoticeDto } from '../../../../libs/contracts/src/ems-notice.dto';
import type { NoticeContent } from '../../../../libs/domain/src/variation';

/** What the EMS provider needs to act on a variation (R15), and nothing more about the case. */
export function emsNotice(view: NoticeContent, kind: 'VARIATION' | 'WITHDRAWAL'): EmsNoticeDto {
  const { change, curfew, person, practitioner, order } = view;
  return {
    variationId: view.id,
    kind,
    variationTypes: [
      ...(change.address ? (['CHANGE_TO_ADDRESS'] as const) : []),
      ...(change.periods ? (['CHANGE_TO_CURFEW_HOURS'] as const) : []),
    ],
    effectiveFrom: change.effectiveFrom,
    schedule: change.periods ?? curfew.periods,
    installationAddress: change.address ?? curfew.address,
    person: {
      crn: person.crn,
      firstName: person.firstName,
      lastName: person.lastName,
      dateOfBirth: person.dateOfBirth,
    },
    responsibleOfficer: { name: practitioner.name, email: practitioner.email, pduCode: practitioner.pduCode },
    sentencingCourt: order.sentencingCourt,
  };
}
