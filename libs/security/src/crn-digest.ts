import { createHmac } from 'node:crypto';

/**
 * A keyed hash of a CRN (R17): the search attribute that finds a person's variations. Without the
 * secret, nobody can test guesses against it, and the CRN itself never reaches the Temporal server.
 */
export function crnDigest(crn: string, secret: string): string {
  return createHmac('sha256', secret).update(crn.trim().toUpperCase()).digest('hex');
}
