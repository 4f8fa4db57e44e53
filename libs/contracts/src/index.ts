export * from './decision.dto';
export * from './validation-errors';
export * from './variation-request.dto';
