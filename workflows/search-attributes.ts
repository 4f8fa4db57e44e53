import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
