// Writes the workflow bundle the worker image runs (WORKFLOW_BUNDLE_PATH). Bundled once at image
// build, a worker starts in a second without webpack, and every replica runs the same code.
// Usage: node dist/scripts/bundle-workflows.js <output.js>
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

export async function writeWorkflowBundle(outputPath: string): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    // The sandbox converts the workflow's own failures: it must encrypt their messages as the
    // worker's data converter does (libs/temporal/src/data-converter.ts), or they reach history in
    // plaintext. A worker given workflowsPath adds this itself; a prebuilt bundle must carry it.
    failureConverterPath: require.resolve('../libs/temporal/src/failure-converter'),
  });
  mkdirSync(dirname(outputPath), { recursive: true });
  writeFileSync(outputPath, code);
}

if (require.main === module) {
  const output = process.argv[2];
  if (!output) {
    console.error('Usage: node dist/scripts/bundle-workflows.js <output.js>');
    process.exit(2);
  }
  writeWorkflowBundle(resolve(output))
    .then(() => console.log(`Workflow bundle written to ${resolve(output)}`))
    .catch((error: Error) => {
      console.error(`Could not bundle the workflows: ${error.message}`);
      process.exit(1);
    });
}
