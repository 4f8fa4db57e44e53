import { createHmac } from 'node:crypto';

/**
 * A keyed hash of a CRN (R17): the search attribute that finds a person's variations. Without the
 * secret, nobody can test guesses against it, and the CRN itself never reaches the Temporal server.
 */
export function crnDigest(crn: string, secret: string): string {
  return createHmac('sha256', secret).update(crn.trim().toUpperCase()).digest('hex');
}

/**
 * A keyed hash of an order (a CRN and its nDelius event number): the record's key for one order's
 * variations and versions (R18), as searchable and as opaque as the CRN's.
 */
export function orderDigest(crn: string, eventNumber: number, secret: string): string {
  return createHmac('sha256', secret).update(`${crn.trim().toUpperCase()}\n${eventNumber}`).digest('hex');
}
