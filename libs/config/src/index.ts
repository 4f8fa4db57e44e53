export * from './boolean-setting';
export * from './validate-environment';
