import { Injectable } from '@nestjs/common';

// About a megabyte of messages at 64 KiB a part: a few milliseconds of work between two looks at the sockets.
const PARTS_PER_TURN = 16;

/**
 * Where the parts of every replay wait for their turn: a few of them per turn of the event loop, the rest in
 * the turns after, so that a wave of resumes takes turns with the requests instead of holding the loop.
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
    setImmediate(() => {
      this.scheduled = false;
      for (const task of this.waiting.splice(0, PARTS_PER_TURN)) task();
      this.schedule();
    });
  }
}
