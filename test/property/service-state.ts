import { RawStream } from '../support/raw-stream.js';
import { field } from '../support/sse.js';
import { waitUntil } from '../support/wait.js';

export interface StoredUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the service holds: its event log head (GET /health/ready) and every user, with the cursors its pages gave out. */
export interface Snapshot {
  readonly head: number;
  readonly users: ReadonlyMap<string, StoredUser>;
  readonly cursors: readonly string[];
}

async function json(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Reads the head, then every page of users, 50 at a time so that cursors come out too. */
export async function snapshot(baseUrl: string, headers: Record<string, string>): Promise<Snapshot> {
  const ready = (await json(`${baseUrl}/health/ready`, headers)) as { info: { database: { head: number } } };
  const users = new Map<string, StoredUser>();
  const cursors: string[] = [];
  for (let cursor: string | null = null, pages = 0; pages === 0 || cursor !== null; pages += 1) {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = (await json(`${baseUrl}/users?limit=50${query}`, headers)) as { items: StoredUser[]; nextCursor: string | null };
    for (const user of page.items) users.set(user.id, user);
    cursor = page.nextCursor;
    if (cursor !== null) cursors.push(cursor);
  }
  return { head: ready.info.database.head, users, cursors };
}

export interface StreamedEvent {
  readonly id: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A GET /events kept open beside the hostile requests, read over a bare socket. */
export class SideStream {
  private constructor(
    private readonly raw: RawStream,
    /** The position the stream opened at: the id of its opening message. */
    readonly openedAt: number,
  ) {}

  static async open(baseUrl: string, headers: Record<string, string>): Promise<SideStream> {
    const raw = RawStream.open(baseUrl, '/events', { headers });
    const head = await raw.head;
    if (head.statusCode !== 200) throw new Error(`the side stream answered ${head.statusCode}: ${raw.body}`);
    const [opening] = await raw.waitForMessages((messages) => messages.length > 0, 'the opening message');
    return new SideStream(raw, Number(opening && field(opening, 'id')));
  }

  /** The domain events so far (stream.reset and the opening message left out). */
  events(): StreamedEvent[] {
    return this.raw
      .messages()
      .filter((message) => field(message, 'event') !== undefined && field(message, 'event') !== 'stream.reset')
      .map((message) => ({ id: Number(field(message, 'id')), type: field(message, 'event') as string, data: JSON.parse(field(message, 'data') ?? 'null') as Record<string, unknown> }));
  }

  /** Waits until the event at `position` has arrived (nothing to wait for up to the opening position). */
  async reach(position: number, timeoutMs = 5000): Promise<void> {
    if (position <= this.openedAt) return;
    await waitUntil(() => this.events().some((event) => event.id >= position), `the side stream has event ${position}`, timeoutMs);
  }

  get isOpen(): boolean {
    return this.raw.isOpen;
  }

  close(): void {
    this.raw.destroy();
  }
}
