// Webhooks from someone who is not the EMS provider: every way of getting the signature wrong.
import {
  emsEvents,
  type EmsWebhookOptions,
  otherWebhookSecret,
  sendEmsWebhook,
} from '../support/ems-webhooks';
import type { Stack } from '../support/stack';
import { figures, seen5xx } from './figures';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

interface Forgery {
  name: string;
  make: (id: string, reference: string) => { event: unknown; options: EmsWebhookOptions };
}

const FORGERIES: Forgery[] = [
  {
    name: 'signed with another secret',
    make: (id, ref) => ({ event: emsEvents.confirmed(id, ref), options: { secret: otherWebhookSecret() } }),
  },
  {
    name: 'body changed after signing',
    make: (id) => ({
      event: emsEvents.visitCompleted(id, 'INSTALLED'),
      options: { signedBody: JSON.stringify(emsEvents.visitCompleted(id, 'NO_ACCESS')) },
    }),
  },
  {
    name: 'stale timestamp',
    make: (id, ref) => ({ event: emsEvents.confirmed(id, ref), options: { timestamp: minutes(-10) } }),
  },
  {
    name: 'future timestamp',
    make: (id, ref) => ({ event: emsEvents.confirmed(id, ref), options: { timestamp: minutes(10) } }),
  },
  {
    name: 'timestamp not a number',
    make: (id, ref) => ({
      event: emsEvents.confirmed(id, ref),
      options: { timestamp: new Date(Number.NaN), signature: 'v1,AAAA' },
    }),
  },
  {
    name: 'made-up signature',
    make: (id, ref) => ({
      event: emsEvents.rejected(id, ref, 'forged'),
      options: { signature: 'v1,Zm9yZ2Vk' },
    }),
  },
  {
    name: 'malformed signature',
    make: (id, ref) => ({ event: emsEvents.confirmed(id, ref), options: { signature: 'v1a,,,' } }),
  },
  {
    name: 'empty signature',
    make: (id, ref) => ({ event: emsEvents.confirmed(id, ref), options: { signature: '' } }),
  },
  ...(['webhook-signature', 'webhook-id', 'webhook-timestamp'] as const).map((header): Forgery => ({
    name: `no ${header}`,
    make: (id, ref) => ({ event: emsEvents.confirmed(id, ref), options: { omit: [header] } }),
  })),
  {
    name: 'not JSON, signed with another secret',
    make: () => ({
      event: undefined,
      options: { rawBody: '{"type":"visit.completed","data":', secret: otherWebhookSecret() },
    }),
  },
];

/**
 * Sends `count` forged webhooks about the given variations, `parallel` at a time, each kind of
 * forgery in turn. Answers what was not refused as it should have been.
 */
export async function floodForgedWebhooks(
  stack: Stack,
  targets: { id: string; reference: string }[],
  count: number,
  parallel = 16,
): Promise<string[]> {
  const wrong: string[] = [];
  let sent = 0;
  const sender = async () => {
    while (sent < count) {
      const n = sent++;
      const target = targets[n % targets.length];
      const forgery = FORGERIES[n % FORGERIES.length];
      const { event, options } = forgery.make(target.id, target.reference);
      const answer = await sendEmsWebhook(stack, event, options);
      figures.faults.forgedWebhooks += 1;
      if (answer.status >= 500) seen5xx(`forged webhook (${forgery.name}) -> ${answer.status}`);
      if (answer.status !== 401) wrong.push(`${forgery.name}: ${answer.status}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, sender));
  return wrong;
}
