import { startStack } from '../support/stack';
it('prints', async () => {
  const stack = await startStack({
    env: { RECORD_CATCH_UP_MS: '1000', RECORD_RETENTION: '30d', RECORD_RETENTION_CHECK_MS: '1000' },
  });
  await new Promise((r) => setTimeout(r, 4000));
  console.log(
    stack.output
      .filter((l) => !l.includes('request completed'))
      .slice(-60)
      .join('\n'),
  );
  await stack.stop();
}, 120_000);
