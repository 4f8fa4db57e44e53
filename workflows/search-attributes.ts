import { defineSearchAttributeKey, type SearchAttributePair, SearchAttributeType } from '@temporalio/common';
import type { ServiceLevels } from '../libs/domain/src/service-levels';
import type { VariationRequest } from '../libs/domain/src/types';
import type { Route } from '../libs/domain/src/variation';
import { firstWait } from './submitted';

// Search attributes are stored in plaintext by the server: no personal data here, ever (R17).
export const VariationStatus = defineSearchAttributeKey('VariationStatus', SearchAttributeType.KEYWORD);
export const VariationRoute = defineSearchAttributeKey('VariationRoute', SearchAttributeType.KEYWORD);
export const PduCode = defineSearchAttributeKey('PduCode', SearchAttributeType.KEYWORD);
/** When the step the variation waits in is due (R16), for "overdue first" lists. */
export const DueBy = defineSearchAttributeKey('DueBy', SearchAttributeType.DATETIME);
/**
 * When the step waited in next needs the service-level sweep (R16): its reminder, then its
 * escalation; unset once escalated or when the step has no service level.
 */
export const ServiceLevelDueAt = defineSearchAttributeKey('ServiceLevelDueAt', SearchAttributeType.DATETIME);
/** A keyed hash (HMAC-SHA256) of the CRN: finds a person's variations without storing the CRN. */
export const CrnDigest = defineSearchAttributeKey('CrnDigest', SearchAttributeType.KEYWORD);

/** Registered on the dev server by `npm start` and the test harness. */
export const searchAttributeKeys = [
  VariationStatus,
  VariationRoute,
  PduCode,
  DueBy,
  ServiceLevelDueAt,
  CrnDigest,
];

/**
 * Where a new variation starts: its first wait, with that step's due date (R16). Given when the
 * variation is started, so that a list shows it where it is from the first moment and the workflow
 * need not write them again (one history event and one visibility write fewer, issue 8).
 */
export function startingSearchAttributes(
  route: Route,
  request: VariationRequest,
  serviceLevels: ServiceLevels,
  submittedAt: Date,
): SearchAttributePair[] {
  const { status, remindAt } = firstWait(route, request, serviceLevels, submittedAt);
  return [
    { key: VariationStatus, value: status },
    ...(remindAt
      ? [
          { key: DueBy, value: remindAt },
          { key: ServiceLevelDueAt, value: remindAt },
        ]
      : []),
  ];
}
