import { setTimeout as sleep } from 'node:timers/promises';
import { InMemoryEventLog } from '../../shared/infrastructure/in-memory-event-log.js';
import { CountingEventLog } from '../../../test/support/counting-event-log.js';
import { usersCreated } from '../../../test/support/user-events.js';
import { LogHead } from './log-head.js';

/** Takes the head when asked and answers it 20 ms later, as a query does. */
class LateLog extends CountingEventLog {
  override async head(): Promise<number> {
    const head = await super.head();
    await sleep(20);
    return head;
  }
}

describe('LogHead', () => {
  it('answers callers that come while a read runs with one read that starts after they asked', async () => {
    const log = new InMemoryEventLog();
    const counted = new LateLog(log);
    const head = new LogHead(counted);
    await log.append(usersCreated(1, 3));

    const first = head.read();
    await log.append(usersCreated(4, 2)); // committed after the first read began, before the others asked
    const wave = Array.from({ length: 50 }, () => head.read());

    expect(await first).toBe(3);
    expect(new Set(await Promise.all(wave))).toEqual(new Set([5]));
    expect(counted.heads).toBe(2);
  });

  it('reads again for a caller that comes after the reads are done', async () => {
    const log = new InMemoryEventLog();
    const counted = new CountingEventLog(log);
    const head = new LogHead(counted);
    expect(await head.read()).toBe(0);
    await log.append(usersCreated(1, 1));
    expect(await head.read()).toBe(1);
    expect(counted.heads).toBe(2);
  });
});
