export * from './data-converter';
export * from './payload-codec';
export * from './temporal-client.module';
export * from './temporal-settings';
