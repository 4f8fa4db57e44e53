// The nDelius stand-in's admin API, for tests that need a person nDelius holds differently from the
// sample (an unmonitored curfew, a youth order, a pre-commencement conviction...). What they submit
// is then checked against it like any other body: R18 is never switched off.
import type { StandInPerson } from '../../apps/ndelius-stand-in/src/people';
import type { VariationRequest } from '../../libs/domain/src/types';
import { call } from './http';

/** Puts the request's person, order and curfew in nDelius, as order `eventNumber` (1 unless it says). */
export async function inNDelius<R extends VariationRequest>(
  stack: { nDeliusUrl: string },
  request: R,
  access: Omit<StandInPerson, 'case'> = {},
): Promise<R> {
  await seed(stack, [request], access);
  return request;
}

/** Makes the requests orders 1, 2, ... of one person (the first request's), as nDelius has them. */
export async function withOrders<R extends VariationRequest>(
  stack: { nDeliusUrl: string },
  requests: R[],
): Promise<R[]> {
  const [{ person }] = requests;
  requests.forEach((request, i) => {
    request.person = person;
    request.order.eventNumber = i + 1;
  });
  await seed(stack, requests);
  return requests;
}

async function seed(
  stack: { nDeliusUrl: string },
  requests: VariationRequest[],
  access: Omit<StandInPerson, 'case'> = {},
): Promise<void> {
  const [{ person }] = requests;
  const body: StandInPerson = {
    ...access,
    case: {
      crn: person.crn,
      name: { forename: person.firstName, surname: person.lastName },
      dateOfBirth: person.dateOfBirth,
      orders: requests.map(({ order, curfew }) => ({
        ...order,
        eventNumber: order.eventNumber ?? 1,
        curfew,
      })),
    },
  };
  const answer = await call(stack.nDeliusUrl, 'PUT', `/admin/people/${person.crn}`, { body });
  if (answer.status !== 204) throw new Error(`The stand-in refused the person: ${answer.status}`);
}
