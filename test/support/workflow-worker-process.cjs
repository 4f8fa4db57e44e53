// A workflow worker in a process of its own, so that a test can kill it -9 as the fault suite kills
// the real worker: it dies holding its sticky queue, and the server finds out only by timing out.
// Argument: JSON { address, taskQueue, bundlePath, secrets, failingMessage }. Needs the build (dist/).
// The message `about` failingMessage fails, as while the mail relay is away: it waits on a timer to be
// sent again.
const { NativeConnection, Worker } = require('@temporalio/worker');
const { dataConverter } = require('../../dist/libs/temporal/src/data-converter');

async function main() {
  const { address, taskQueue, bundlePath, secrets, failingMessage } = JSON.parse(process.argv[2]);
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowBundle: { codePath: bundlePath },
    dataConverter: dataConverter(secrets),
    enableNonLocalActivities: false,
    stickyQueueScheduleToStartTimeout: '1s',
    // The quick calls (messages, the nDelius contact) are local activities: they run here.
    activities: {
      sendMessage: async ({ about }) => {
        if (about === failingMessage) throw new Error('The mail relay is away');
      },
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
