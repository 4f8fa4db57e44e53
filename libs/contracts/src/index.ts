export * from './actions.dto';
export * from './decision.dto';
export * from './ems-webhook.dto';
export * from './list-variations.query';
export * from './validation-errors';
export * from './variation-request.dto';
export * from './ems-notice.dto';
