import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EmsNoticeDto } from '../../../libs/contracts/src/ems-notice.dto';
import type { VisitOutcome } from '../../../libs/domain/src/variation';
import type { RuleDto } from './rule.dto';

export interface Rule extends RuleDto {
  id: string;
}

const DEFAULT_REJECT_REASON = 'Rejected by the EMS provider (simulator rule)';

/** The admin API's rules: the newest matching rule decides. */
@Injectable()
export class Rules {
  private rules: Rule[] = [];

  add(rule: RuleDto): Rule {
    const saved = { ...rule, id: `rule_${randomUUID()}` };
    this.rules.unshift(saved);
    return saved;
  }

  clear(): void {
    this.rules = [];
  }

  /** Newest first. */
  all(): readonly Rule[] {
    return this.rules;
  }

  matching(notice: EmsNoticeDto): Rule | undefined {
    return this.rules.find(
      ({ match }) =>
        (match.variationId === undefined || match.variationId === notice.variationId) &&
        (match.postcode === undefined ||
          normalise(match.postcode) === normalise(notice.installationAddress.postcode)),
    );
  }
}

/** The outcome of the n-th visit (from 1): the rule's n-th outcome, the last one repeating; INSTALLED by default. */
export function visitOutcome(rule: Rule | undefined, visit: number): VisitOutcome {
  const outcomes = rule?.visitOutcomes;
  if (!outcomes?.length) return 'INSTALLED';
  return outcomes[Math.min(Math.max(visit, 1), outcomes.length) - 1];
}

export function rejectReason(rule: Rule | undefined): string {
  return rule?.rejectReason ?? DEFAULT_REJECT_REASON;
}

const normalise = (postcode: string) => postcode.replace(/\s+/g, '').toUpperCase();
