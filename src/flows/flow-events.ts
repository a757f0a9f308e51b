import { Injectable, Logger } from '@nestjs/common';

type FlowChangeListener = (flowIds: string[]) => Promise<void> | void;

/**
 * Tells whoever cares (the scheduler) that flows were created, changed or deleted, before the API
 * answers, so a change applies at once on the replica that made it.
 */
@Injectable()
export class FlowEvents {
  private readonly logger = new Logger('FlowEvents');
  private readonly listeners: FlowChangeListener[] = [];

  onChange(listener: FlowChangeListener): void {
    this.listeners.push(listener);
  }

  async changed(flowIds: string[]): Promise<void> {
    if (flowIds.length === 0) return;
    for (const listener of this.listeners) {
      try {
        await listener(flowIds);
      } catch (err) {
        // The change is stored; the periodic reconcile repairs what a listener could not do now.
        this.logger.error({ msg: 'flow change listener failed', flow_ids: flowIds, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
}
