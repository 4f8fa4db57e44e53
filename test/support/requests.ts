// The sample requests live with the scripts so the bench, built without the tests, shares them.
export * from '../../scripts/sample-requests';
