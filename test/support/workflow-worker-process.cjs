// A workflow worker in a process of its own, so that a test can kill it -9 as the fault suite kills
// the real worker: it dies holding its sticky queue, and the server finds out only by timing out.
// Argument: JSON { address, taskQueue, bundlePath, secrets }. Needs the build (dist/).
const { NativeConnection, Worker } = require('@temporalio/worker');
const { dataConverter } = require('../../dist/libs/temporal/src/data-converter');

async function main() {
  const { address, taskQueue, bundlePath, secrets } = JSON.parse(process.argv[2]);
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowBundle: { codePath: bundlePath },
    dataConverter: dataConverter(secrets),
    enableNonLocalActivities: false,
    stickyQueueScheduleToStartTimeout: '1s',
    // The quick calls (messages, the nDelius contact) are local activities: they run here.
    activities: {
      sendMessage: async () => undefined,
      recordContactInNDelius: async () => ({ contactId: 'C-1' }),
    },
  });
  const running = worker.run();
  console.log('polling');
  await running;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
