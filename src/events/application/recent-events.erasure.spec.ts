import { appConfig } from '../../../test/support/app-config.js';
import { RecentEvents } from './recent-events.js';
import type { LiveEvent } from './stream-item.js';

const live = (position: number, type: string): LiveEvent => ({ kind: 'live', event: { position, type, bytes: 100 } as LiveEvent['event'] });

describe('RecentEvents and a user\'s deletion', () => {
  it('starts over at the deletion: the earlier events it holds may show the email the log has erased', () => {
    const recent = new RecentEvents(appConfig().sse);
    for (let position = 1; position <= 5; position += 1) recent.add(live(position, 'user.created'));
    recent.add(live(6, 'user.deleted'));
    recent.add(live(7, 'user.renamed'));
    expect([5, 6, 7].map((position) => recent.holds(position))).toEqual([false, true, true]);
  });
});
