/**
 * Announces a run's progress at most every `everyMs` per run — the first change at once, the latest
 * one after the pause — so a 1,000-VM run sends tens of progress events a second, not thousands.
 */
export class ProgressAnnouncer<T> {
  private readonly last = new Map<string, number>();
  private readonly waiting = new Map<string, { payload: T; timer: NodeJS.Timeout }>();

  constructor(
    private readonly publish: (payload: T) => void,
    private readonly everyMs: number,
  ) {}

  announce(runId: string, payload: T, now = Date.now()): void {
    const pending = this.waiting.get(runId);
    if (pending) {
      pending.payload = payload;
      return;
    }
    const wait = (this.last.get(runId) ?? 0) + this.everyMs - now;
    if (wait <= 0) return this.send(runId, payload, now);
    const timer = setTimeout(() => {
      const latest = this.waiting.get(runId);
      this.waiting.delete(runId);
      if (latest) this.send(runId, latest.payload, Date.now());
    }, wait);
    this.waiting.set(runId, { payload, timer });
  }

  /** The run ended: its last progress goes out now, and it is forgotten. */
  flush(runId: string): void {
    const pending = this.waiting.get(runId);
    if (pending) {
      clearTimeout(pending.timer);
      this.publish(pending.payload);
    }
    this.waiting.delete(runId);
    this.last.delete(runId);
  }

  private send(runId: string, payload: T, now: number): void {
    this.last.set(runId, now);
    this.publish(payload);
  }
}
