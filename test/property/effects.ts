import type { UserEvent } from '../../src/users/domain/user.events.js';
import type { WireRequest } from '../support/hostile-requests.js';
import type { Snapshot, StoredUser, StreamedEvent } from './service-state.js';
import type { WireAnswer } from './wire.js';

export interface Exchange {
  readonly request: WireRequest;
  readonly answer: WireAnswer;
}

interface Effect {
  readonly type: UserEvent['type'];
  readonly id: string;
  /** The name the answer gave, for a create or a rename. */
  readonly name?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function answered(answer: WireAnswer): { id?: unknown; name?: unknown } {
  try {
    return JSON.parse(answer.body.toString('utf8')) as { id?: unknown; name?: unknown };
  } catch {
    return {};
  }
}

/** The id a DELETE names, as the service would read it; null when it is not a UUID at all. */
function deletedId(target: string): string | null {
  try {
    const id = decodeURIComponent(target.split('?')[0]!.split('/')[2] ?? '').toLowerCase();
    return UUID.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** The changes the successful writes among the exchanges made, in order; every other answer changes nothing. */
function effectsOf(exchanges: readonly Exchange[]): { effects: Effect[]; problems: string[] } {
  const effects: Effect[] = [];
  const problems: string[] = [];
  for (const { request, answer } of exchanges) {
    if (answer.status < 200 || answer.status >= 300) continue;
    const { id, name } = answered(answer);
    if (request.route === 'POST /users' || request.route === 'PATCH /users/:id') {
      if (typeof id !== 'string' || typeof name !== 'string') problems.push(`${request.route} answered ${answer.status} without the user`);
      else effects.push({ type: request.route === 'POST /users' ? 'user.created' : 'user.renamed', id, name });
    } else if (request.route === 'DELETE /users/:id') {
      const deleted = deletedId(request.target);
      if (deleted === null) problems.push(`DELETE ${request.target} answered ${answer.status} to an id that is no UUID`);
      else effects.push({ type: 'user.deleted', id: deleted });
    }
  }
  return { effects, problems };
}

/** The effects in the order the stream carried their events, for writes sent together; what does not pair up is reported. */
function inStreamOrder(effects: readonly Effect[], seen: readonly StreamedEvent[], problems: string[]): Effect[] {
  const left = [...effects];
  const ordered: Effect[] = [];
  for (const event of seen) {
    const index = left.findIndex((effect) => effect.type === event.type && effect.id === event.data.id && (event.type !== 'user.renamed' || effect.name === event.data.name));
    if (index < 0) problems.push(`the stream carried ${event.type} ${String(event.data.id)} (id ${event.id}), which no successful write accounts for`);
    else ordered.push(...left.splice(index, 1));
  }
  for (const effect of left) problems.push(`a write answered 2xx (${effect.type} ${effect.id}) but the stream carried no event for it`);
  return ordered;
}

/**
 * What the run changed that its successful writes do not account for: the log head moved by more or less than
 * one event per write, the stream carried other events than theirs (in their order, when they were sent one by
 * one), or a user appeared, changed or went otherwise.
 */
export function unexplainedChanges(before: Snapshot, exchanges: readonly Exchange[], after: Snapshot, streamed: readonly StreamedEvent[], ordered: boolean): string[] {
  const { effects: answered, problems } = effectsOf(exchanges);
  if (after.head - before.head !== answered.length) {
    problems.push(`the event log head moved from ${before.head} to ${after.head}, but ${answered.length} write(s) succeeded`);
  }
  const window = streamed.filter((event) => event.id > before.head && event.id <= after.head);
  let effects = answered;
  if (ordered) {
    const seen = window.map((event) => `${event.type} ${String(event.data.id)}`);
    const expected = answered.map((effect) => `${effect.type} ${effect.id}`);
    if (JSON.stringify(seen) !== JSON.stringify(expected)) problems.push(`the stream carried ${JSON.stringify(seen)}, the successful writes account for ${JSON.stringify(expected)}`);
  } else effects = inStreamOrder(answered, window, problems);

  const users = new Map<string, StoredUser | 'created'>(before.users);
  const names = new Map<string, string>();
  for (const effect of effects) {
    if (effect.type === 'user.deleted') users.delete(effect.id);
    else {
      if (effect.type === 'user.created') users.set(effect.id, 'created');
      names.set(effect.id, effect.name as string);
    }
  }
  for (const [id, wanted] of users) {
    const found = after.users.get(id);
    if (!found) problems.push(`user ${id} is gone`);
    else if (names.has(id) && found.name !== names.get(id)) problems.push(`user ${id} is named ${JSON.stringify(found.name)}, its last write answered ${JSON.stringify(names.get(id))}`);
    else if (wanted !== 'created' && !names.has(id) && JSON.stringify(found) !== JSON.stringify(wanted)) problems.push(`user ${id} changed: ${JSON.stringify(wanted)} -> ${JSON.stringify(found)}`);
    else if (wanted !== 'created' && names.has(id) && (found.email !== wanted.email || found.createdAt !== wanted.createdAt)) problems.push(`user ${id}'s email or createdAt changed on a rename`);
  }
  for (const id of after.users.keys()) if (!users.has(id)) problems.push(`user ${id} appeared: ${JSON.stringify(after.users.get(id))}`);
  return problems;
}
