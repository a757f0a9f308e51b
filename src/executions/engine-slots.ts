import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** ENGINE_MAX_CONCURRENT_JOBS: backup jobs in flight across every execution of this engine. */
@Injectable()
export class EngineSlots {
  private inUse = 0;
  private readonly waiting: Array<() => void> = [];
  readonly capacity: number;

  constructor(config: AppConfig) {
    this.capacity = config.ENGINE_MAX_CONCURRENT_JOBS;
  }

  get busy(): number {
    return this.inUse;
  }

  acquire(): Promise<void> {
    if (this.inUse < this.capacity) {
      this.inUse++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, if any. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inUse = Math.max(0, this.inUse - 1);
  }
}
