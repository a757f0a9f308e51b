import { plural } from '../common/plural';
import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError, notFound } from '../common/api-error';
import { Page } from '../common/pagination.dto';
import { FlowsService } from '../flows/flows.service';
import { FlowDispatcher } from './dispatch/flow-dispatcher.service';
import { ExecutionDetailResponse, ExecutionEventResponse, ExecutionListResponse, ExecutionResponse } from './dto/execution.dto';
import { ExecutionEventRepository } from './execution-event.repository';
import { ExecutionFinisher } from './execution-finisher.service';
import { ExecutionLog } from './execution-log';
import { ACTIVE_EXECUTION_STATUSES } from './execution-states';
import { toExecutionResponse, toJobResponse } from './execution-views';
import { ExecutionFilter, ExecutionReadRepository } from './execution-read.repository';
import { ExecutionRepository } from './execution.repository';
import { FlowExecutionEntity } from './flow-execution.entity';
import { JobRepository } from './job.repository';

/** Reads of execution history (with live counters while a run is active), and cancelling a run. */
@Injectable()
export class ExecutionsService {
  constructor(
    private readonly executions: ExecutionRepository,
    private readonly reads: ExecutionReadRepository,
    private readonly jobs: JobRepository,
    private readonly events: ExecutionEventRepository,
    private readonly flows: FlowsService,
    private readonly dispatcher: FlowDispatcher,
    private readonly log: ExecutionLog,
    private readonly finisher: ExecutionFinisher,
  ) {}

  /** Newest first; 404 when the flow does not exist. */
  async listForFlow(flowId: string, filter: Omit<ExecutionFilter, 'flow_id'>, page: Page): Promise<ExecutionListResponse> {
    await this.flows.get(flowId);
    return this.list({ ...filter, flow_id: flowId }, page);
  }

  /** Executions newest first, of every flow or of one (e.g. everything running, in one call). */
  async list(filter: ExecutionFilter, page: Page): Promise<ExecutionListResponse> {
    const { items, total, next_cursor } = await this.reads.page(filter, page);
    const names = new Map(items.flatMap(({ execution, flowName }): Array<[string, string]> => (flowName === null ? [] : [[execution.flow_id, flowName]])));
    return {
      executions: await this.views(
        items.map((item) => item.execution),
        names,
      ),
      total,
      next_cursor,
    };
  }

  /** For each of these flows that is running: its execution, with live counters. */
  async runningOfFlows(flowIds: string[]): Promise<Map<string, ExecutionResponse>> {
    const rows = await this.executions.runningOfFlows(flowIds);
    const views = await this.views(rows);
    return new Map(views.map((view) => [view.flow_id, view]));
  }

  async get(id: string): Promise<ExecutionResponse> {
    const [view] = await this.views([await this.find(id)]);
    return view;
  }

  /** The execution with one page of its jobs and its job counts by status. */
  async detail(id: string, jobsPage: Page): Promise<ExecutionDetailResponse> {
    const found = await this.reads.findWithFlowName(id);
    if (!found) throw notFound('Execution', id);
    const names = new Map(found.flowName === null ? [] : [[found.execution.flow_id, found.flowName]]);
    const [[view], jobs, counts] = await Promise.all([this.views([found.execution], names), this.jobs.pageOf(id, jobsPage), this.jobs.countsOf([id])]);
    const { bytes: _bytes, total, ...byStatus } = counts.get(id) ?? { bytes: 0, total: 0 };
    return { ...view, jobs: jobs.map(toJobResponse), jobs_total: total, job_counts: byStatus as ExecutionDetailResponse['job_counts'] };
  }

  /** The job log, oldest first. */
  async eventsOf(id: string, page: Page): Promise<{ items: ExecutionEventResponse[]; total: number }> {
    await this.find(id);
    await this.log.flush();
    const { items, total } = await this.events.page(id, page);
    return { items: items.map(({ execution: _e, ...event }) => event), total };
  }

  /** Queued VMs are never started; started backups are still followed; the run ends cancelled. */
  async cancel(id: string, requestId?: string): Promise<ExecutionResponse> {
    const byRequest = requestId ? { request_id: requestId } : {};
    const found = await this.find(id);
    const requested = await this.executions.requestCancel(id, new Date());
    if (!requested) throw new ApiError(HttpStatus.CONFLICT, `Execution ${id} has already finished (${found.status})`);
    const { execution, cancelledJobs: cancelled } = requested;
    if (execution.status === 'pending') {
      // A buffered run that never started ends here and now.
      this.log.warn(execution, 'cancelled', 'Cancelled before it started', byRequest);
      await this.finisher.finish(execution, { cancelled: true });
      return this.get(id);
    }
    this.log.warn(execution, 'cancelled', `Cancel requested: ${plural(cancelled, 'queued VM')} will not start`, { cancelled_jobs: cancelled, ...byRequest });
    await this.dispatcher.cancel(id);
    return this.get(id);
  }

  /** Responses for executions; active ones carry counters derived from their jobs so far (two queries for the lot). */
  async views(rows: FlowExecutionEntity[], knownNames = new Map<string, string>()): Promise<ExecutionResponse[]> {
    const active = rows.filter((r) => ACTIVE_EXECUTION_STATUSES.includes(r.status)).map((r) => r.id);
    const unnamed = [...new Set(rows.map((r) => r.flow_id).filter((flowId) => !knownNames.has(flowId)))];
    const [counts, backupIds, flows] = await Promise.all([this.jobs.countsOf(active), this.jobs.backupIdsOf(active), this.flows.findMany(unnamed)]);
    const names = new Map([...knownNames, ...flows.map((f): [string, string] => [f.id, f.name])]);
    return rows.map((row) => {
      const live = counts.get(row.id);
      return toExecutionResponse(row, names.get(row.flow_id) ?? null, live ? { counts: live, backupIds: backupIds.get(row.id) ?? [] } : undefined);
    });
  }

  private async find(id: string): Promise<FlowExecutionEntity> {
    const execution = await this.executions.findById(id);
    if (!execution) throw notFound('Execution', id);
    return execution;
  }
}
