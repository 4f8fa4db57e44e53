export * from './auth.guard';
export * from './staff-user';
export * from './token-verifier';
