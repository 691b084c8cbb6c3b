import { Injectable } from '@nestjs/common';

// The time the replays get in one turn of the event loop before the sockets, the requests and the
// database answers get theirs. Short, because Node accepts one connection per turn: with 4 ms, the
// writes that sending left for the turn made it ~70 ms under a wave, and new connections waited seconds.
const SLICE_MS = 1;

/**
 * Where every replay hands its next part to its stream: parts go out in the order they were read, for
 * SLICE_MS of each turn of the event loop (always at least one), the rest in the turns after. Sending
 * is the costly step of a replay, so a wave of resumes takes turns with the requests instead of holding
 * the loop.
 */
@Injectable()
export class ReplayTurns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Runs the task in a later turn of the event loop, in the order asked. */
  take(task: () => void): void {
    this.waiting.push(task);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  private run(): void {
    this.scheduled = false;
    const until = performance.now() + SLICE_MS;
    do this.waiting.shift()?.();
    while (this.waiting.length > 0 && performance.now() < until);
    this.schedule();
  }
}
