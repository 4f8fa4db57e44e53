// Mail to staff, courts and police (issue 4): recipients, the SMTP adapter, messages and the Variation Notice.
export * from './reference-data';
export * from './mailer';
export * from './messages';
export * from './variation-notice';
export type { RenderedEmail } from './email-layout';
