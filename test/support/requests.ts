// The sample requests live in libs/contracts, where the bench and the api's OpenAPI examples share them.
export * from '../../libs/contracts/src/sample-requests';
