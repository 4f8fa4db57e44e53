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
 */
export class DecisionLinks {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttl: string,
  ) {
    this.key = createHash('sha256').update(secret).digest();
  }

  issue(link: DecisionLink): Promise<string> {
    return new EncryptJWT({ ...link })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(this.ttl)
      .encrypt(this.key);
  }

  async open(token: string): Promise<DecisionLink> {
    try {
      const { payload } = await jwtDecrypt(token, this.key);
      const { variationId, step, approver, round } = payload as unknown as DecisionLink;
      if (
        typeof variationId !== 'string' ||
        !['TRIAGE', 'APPROVAL'].includes(step) ||
        typeof round !== 'number'
      ) {
        throw new LinkInvalid('incomplete decision link');
      }
      return { variationId, step, approver, round };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new LinkExpired('decision link expired');
      throw new LinkInvalid('decision link not valid');
    }
  }
}
