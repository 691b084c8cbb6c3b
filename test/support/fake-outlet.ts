import type { Outlet } from '../../src/events/interface/http/nest-sse/outlet.js';

/** An outlet whose backlog the test sets; progress() is the client reading, stall() a client that stops. */
export class FakeOutlet implements Outlet {
  backlog = 0;
  cuts = 0;
  readonly handed: number[] = [];
  private stalled = false;
  private readonly waiting = new Set<() => void>();

  pending(): number {
    return this.backlog;
  }

  handedOver(bytes: number): void {
    this.handed.push(bytes);
    if (this.stalled) this.backlog += bytes;
  }

  onProgress(callback: () => void): () => void {
    this.waiting.add(callback);
    return () => this.waiting.delete(callback);
  }

  cut(): void {
    this.cuts += 1;
  }

  progress(backlog: number): void {
    this.backlog = backlog;
    for (const callback of [...this.waiting]) callback();
  }

  /** From now on the client takes nothing: every byte handed over stays pending. */
  stall(): void {
    this.stalled = true;
  }
}
