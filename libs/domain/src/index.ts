// The pure domain: what the API validates with and what the workflow sandbox imports.
export * from './types';
export * from './dates';
export * from './curfew';
export * from './rules';
export * from './variation';
