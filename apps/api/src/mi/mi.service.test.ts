// One variation that cannot be read must not take the dashboard down; Temporal being away still must.
import 'reflect-metadata';
import type { VariationView } from '../../../../libs/domain/src/variation';
import type { VariationListService } from '../variations/variation-list.service';
import { type VariationsService, VariationUnreadable } from '../variations/variations.service';
import { MiService } from './mi.service';

const completed = {
  practitioner: { pduCode: 'N07CEN' },
  status: 'COMPLETED',
  route: 'ADMINISTRATIVE',
  dueBy: null,
  timeline: [],
} as unknown as VariationView;

function service(view: (id: string) => Promise<VariationView>): MiService {
  const list = {
    list: async () => ({ items: [{ id: 'readable' }, { id: 'broken' }], nextPageToken: null }),
  } as unknown as VariationListService;
  return new MiService(list, { view } as unknown as VariationsService);
}

it('leaves out a variation whose view cannot be read, and counts the rest', async () => {
  const mi = service(async (id) => {
    if (id === 'broken') throw new VariationUnreadable(id);
    return completed;
  });
  expect((await mi.summary({})).total).toBe(1);
});

it('leaves out a variation that fails in a way not foreseen, too', async () => {
  const mi = service(async (id) => {
    if (id === 'broken') throw new Error('[TMPRL1100] Nondeterminism error');
    return completed;
  });
  expect((await mi.summary({})).total).toBe(1);
});

it('fails as a whole while Temporal is away (the filter answers 503)', async () => {
  const away = Object.assign(new Error('14 UNAVAILABLE'), { code: 14 });
  const mi = service(async () => {
    throw away;
  });
  await expect(mi.summary({})).rejects.toBe(away);
});

it('filters by the UK date of submission: 00:30 BST on 1 June is June, though UTC says 31 May', async () => {
  const list = {
    list: async () => ({
      items: [{ id: 'june', submittedAt: '2026-05-31T23:30:00Z' }],
      nextPageToken: null,
    }),
  } as unknown as VariationListService;
  const mi = new MiService(list, { view: async () => completed } as unknown as VariationsService);
  expect((await mi.summary({ from: '2026-06-01', to: '2026-06-30' })).total).toBe(1);
  expect((await mi.summary({ from: '2026-05-01', to: '2026-05-31' })).total).toBe(0);
});
