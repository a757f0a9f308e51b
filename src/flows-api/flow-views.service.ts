import { Injectable } from '@nestjs/common';
import { ExecutionsService } from '../executions/executions.service';
import { FlowResponse, FlowStatus, RunningExecutionSummary } from '../flows/dto/flow-response.dto';

/** Flow responses with what only executions know: the run in progress, with its live counters (one extra query per page, only when a flow runs). */
@Injectable()
export class FlowViews {
  constructor(private readonly executions: ExecutionsService) {}

  async one(view: FlowResponse): Promise<FlowResponse> {
    return (await this.many([view]))[0];
  }

  async many(views: FlowResponse[]): Promise<FlowResponse[]> {
    await this.fillRunning(views.map((v) => ({ flowId: v.id, status: v.status })));
    return views;
  }

  async status<T extends FlowStatus>(flowId: string, status: T): Promise<T> {
    await this.fillRunning([{ flowId, status }]);
    return status;
  }

  private async fillRunning(items: Array<{ flowId: string; status: FlowStatus }>): Promise<void> {
    const running = items.filter((i) => i.status.last_execution_status === 'running');
    if (running.length === 0) return;
    const executions = await this.executions.runningOfFlows(running.map((i) => i.flowId));
    for (const item of running) {
      const e = executions.get(item.flowId);
      const summary: RunningExecutionSummary | null = e
        ? {
            id: e.id,
            started_at: e.started_at,
            jobs_created: e.jobs_created,
            jobs_completed: e.jobs_completed,
            jobs_failed: e.jobs_failed,
            bytes_transferred: e.bytes_transferred,
          }
        : null;
      item.status.running_execution = summary;
    }
  }
}
