import type { BootedApp } from '../support/boot-app.js';
import { type HostileRequest, toWire, type WireRequest } from '../support/hostile-requests.js';
import type { Known } from '../support/hostile-paths.js';
import { answerProblems } from './answers.js';
import { type Exchange, unexplainedChanges } from './effects.js';
import { type SideStream, type Snapshot, snapshot } from './service-state.js';
import { send, type WireAnswer } from './wire.js';

/** Requests sent one after the other, or now and then all at once (the writes of one batch then share a group commit). */
export interface Batch {
  readonly together: boolean;
  readonly requests: readonly HostileRequest[];
}

/** The request as a failure report shows it: the minimal repro, long values cut. */
function described({ method, target, headers, body }: WireRequest): string {
  const shown = (text: string) => JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…(${text.length} chars)` : text);
  const lines = [`${method} ${shown(target)}`, ...headers.map(([name, value]) => `  ${name}: ${shown(value)}`)];
  if (body.length > 0) lines.push(`  body (${body.length} bytes): ${shown(body.toString('utf8'))}`);
  return lines.join('\n');
}

/**
 * One service under hostile requests: sends a batch, checks every answer on its own, then checks that the batch
 * changed the users, the event log and the stream exactly as its successful writes say, and nothing more.
 */
export class HostileRun {
  private last: Snapshot | null = null;
  private readonly cursorsSeen: string[] = [];
  // A run cut off by fast-check's time limit goes on in the background: the next waits for it, never overlaps it.
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly service: BootedApp,
    /** Headers that read everything: the snapshots are taken with them. */
    private readonly reader: Record<string, string>,
    /** A stream that carries every event, opened before the first batch. */
    private readonly stream: SideStream,
    private readonly tokensAreChecked: boolean,
  ) {}

  check(batch: Batch): Promise<void> {
    const checked = this.running.then(() => this.checkAlone(batch));
    this.running = checked.catch(() => undefined);
    return checked;
  }

  /** Resolves once no batch is under way any more. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async checkAlone({ requests, together }: Batch): Promise<void> {
    const before = this.last ?? (await snapshot(this.service.url, this.reader));
    const known: Known = {
      userIds: [...before.users.keys()],
      emails: [...before.users.values()].map((user) => user.email),
      cursors: [...before.cursors, ...this.cursorsSeen],
    };
    const answered = await this.send(requests.map((request) => toWire(request, known, this.tokensAreChecked)), together);
    const problems: string[] = [];
    const exchanges: Exchange[] = [];
    for (const { request, answer } of answered) {
      if (answer instanceof Error) {
        problems.push(`${described(request)}\n  => ${answer.message}`);
        continue;
      }
      exchanges.push({ request, answer });
      for (const problem of answerProblems(request, answer, this.tokensAreChecked)) problems.push(`${described(request)}\n  => ${problem}`);
      if (request.route === 'GET /users' && answer.status === 200) this.keepCursor(answer.body);
    }
    this.last = null; // a snapshot that fails to read must not leave the one from before the batch behind
    const after = await snapshot(this.service.url, this.reader);
    this.last = after;
    if (!this.stream.isOpen) problems.push('the side stream was closed');
    await this.stream.reach(after.head).catch((error: Error) => problems.push(error.message));
    const changes = unexplainedChanges(before, exchanges, after, this.stream.events(), !together);
    if (changes.length > 0) {
      const answers = exchanges.map(({ request, answer }) => `${described(request)}\n  => ${answer.status}`);
      problems.push(`${changes.join('\n')}\nafter these answers:\n${answers.join('\n')}`);
    }
    if (problems.length > 0) throw new Error(problems.join('\n\n'));
  }

  /** One after the other, stopping at the first that gets no answer; or all at once. */
  private async send(requests: readonly WireRequest[], together: boolean): Promise<{ request: WireRequest; answer: WireAnswer | Error }[]> {
    const port = Number(new URL(this.service.url).port);
    const exchange = async (request: WireRequest) => ({ request, answer: await send(port, request).catch((error: Error) => error) });
    if (together) return Promise.all(requests.map(exchange));
    const answered: { request: WireRequest; answer: WireAnswer | Error }[] = [];
    for (const request of requests) {
      const result = await exchange(request);
      answered.push(result);
      if (result.answer instanceof Error) break;
    }
    return answered;
  }

  private keepCursor(body: Buffer): void {
    try {
      const { nextCursor } = JSON.parse(body.toString('utf8')) as { nextCursor?: unknown };
      if (typeof nextCursor === 'string' && this.cursorsSeen.length < 50) this.cursorsSeen.push(nextCursor);
    } catch {
      // not JSON: no cursor to keep
    }
  }
}
