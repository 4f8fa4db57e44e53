// The workflow bundle's entry point: every workflow type the worker runs.
export { courtVariationWorkflow } from './court-variation.workflow';
export { variationWorkflow } from './variation.workflow';
export { serviceLevelSweep } from './service-level-sweep.workflow';
export { stuckVariationReport } from './stuck-variation-report.workflow';
export { recordCatchUp } from './record-catch-up.workflow';
export { recordRetention } from './record-retention.workflow';
