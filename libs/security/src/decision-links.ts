import { createHash } from 'node:crypto';
import { EncryptJWT, errors, jwtDecrypt } from 'jose';
import type { DecisionStep } from '../../domain/src/variation';

/** What a decision link stands for: one approver, one step of one variation, in one round of it. */
export interface DecisionLink {
  variationId: string;
  step: DecisionStep;
  approver: { username: string; name: string };
  /** How many decisions the variation had when the link was sent: a later round needs a new link. */
  round: number;
}

export class LinkExpired extends Error {}
export class LinkInvalid extends Error {}

/**
 * Decision links are encrypted JWTs (jose, dir + A256GCM): tamper-proof, and opaque, so the URL
 * shows nothing about the case or the approver. They expire (DECISION_LINK_TTL); being usable once
 * comes from the workflow, which takes one decision per step and round.
 *
 * Issued under one secret; opened under it or under a previous one, so that links already emailed
 * keep working while the secret is rotated (docs/operations.md).
 */
export class DecisionLinks {
  private readonly keys: Uint8Array[];

  constructor(
    secret: string,
    private readonly ttl: string,
    previousSecrets: string[] = [],
  ) {
    this.keys = [secret, ...previousSecrets].map((s) => createHash('sha256').update(s).digest());
  }

  issue(link: DecisionLink): Promise<string> {
    return new EncryptJWT({ ...link })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(this.ttl)
      .encrypt(this.keys[0]);
  }

  async open(token: string): Promise<DecisionLink> {
    const { variationId, step, approver, round } = (await this.decrypt(token)) as unknown as DecisionLink;
    if (
      typeof variationId !== 'string' ||
      !['TRIAGE', 'APPROVAL'].includes(step) ||
      typeof round !== 'number'
    ) {
      throw new LinkInvalid('incomplete decision link');
    }
    return { variationId, step, approver, round };
  }

  private async decrypt(token: string) {
    for (const key of this.keys) {
      try {
        return (await jwtDecrypt(token, key)).payload;
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new LinkExpired('decision link expired');
        // Only a key that does not fit sends us on to the next; anything else is no link of ours.
        if (!(error instanceof errors.JWEDecryptionFailed)) break;
      }
    }
    throw new LinkInvalid('decision link not valid');
  }
}
