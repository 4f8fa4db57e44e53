import type { VariationView } from '../../domain/src/variation';

/** A variation in a list (api.md): who and what, so that staff can tell cases apart. */
export interface VariationListItem {
  id: string;
  status: string;
  route: string;
  pduCode: string;
  person: { crn: string; firstName: string; lastName: string };
  /** The order's nDelius event number (R18); null for a variation submitted before orders were recorded. */
  eventNumber: number | null;
  /** What it changes: the hours, the address, or both (R4). */
  changes: ('HOURS' | 'ADDRESS')[];
  effectiveFrom: string;
  practitioner: { name: string };
  submittedAt: string;
  dueBy: string | null;
}

export function listItemOf(view: VariationView): VariationListItem {
  const { crn, firstName, lastName } = view.person;
  return {
    id: view.id,
    status: view.status,
    route: view.route,
    pduCode: view.practitioner.pduCode,
    person: { crn, firstName, lastName },
    eventNumber: view.order.eventNumber ?? null,
    changes: [
      ...(view.change.periods ? ['HOURS' as const] : []),
      ...(view.change.address ? ['ADDRESS' as const] : []),
    ],
    effectiveFrom: view.change.effectiveFrom,
    practitioner: { name: view.practitioner.name },
    submittedAt: view.timeline[0].at,
    dueBy: view.dueBy,
  };
}
