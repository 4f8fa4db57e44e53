// The worker with the record's writes left out, and nothing else changed: for the bench's measure of
// what the writes cost (bench/record-cost.ts). Never run in earnest: the record would stay empty.
import { VariationRecords } from '../libs/record/src/variation-records';

VariationRecords.prototype.publish = async () => undefined;
// Required after the change above: an import would be hoisted above it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../apps/worker/src/main');
