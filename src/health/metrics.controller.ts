import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Gauge } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { RunStatistics } from '../executions/run-statistics.service';
import { FlowsService } from '../flows/flows.service';
import { EngineMetrics } from '../metrics/engine-metrics';
import { FlowScheduler } from '../scheduler/flow-scheduler.service';

/** GET /metrics: Prometheus text format; behind the bearer token when API_TOKEN is set. */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  private readonly lastSuccess?: Gauge<'flow_id' | 'flow_name'>;

  constructor(
    private readonly metrics: EngineMetrics,
    private readonly runs: RunStatistics,
    private readonly scheduler: FlowScheduler,
    private readonly flows: FlowsService,
    config: AppConfig,
  ) {
    if (config.METRICS_PER_FLOW) {
      this.lastSuccess = new Gauge({
        name: 'flow_last_success_timestamp_seconds',
        help: "Each flow's latest successful run (Unix time); opt-in with METRICS_PER_FLOW=true",
        labelNames: ['flow_id', 'flow_name'] as const,
        registers: [metrics.registry],
      });
    }
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } })
  async getMetrics(): Promise<string> {
    const live = this.runs.live();
    this.metrics.executionsRunning.set(live.executions);
    this.metrics.jobsInFlight.set(live.jobsInFlight);
    this.metrics.cronJobs.set(this.scheduler.registeredCount);
    this.metrics.sharesHeld.set(this.scheduler.sharesHeld);
    this.metrics.flowsOverdue.set(await this.flows.countOverdue());
    if (this.lastSuccess) await this.collectLastSuccess(this.lastSuccess);
    return this.metrics.registry.metrics();
  }

  private async collectLastSuccess(gauge: Gauge<'flow_id' | 'flow_name'>): Promise<void> {
    const last = await this.runs.lastSuccessByFlow();
    const names = new Map((await this.flows.findMany([...last.keys()])).map((f) => [f.id, f.name]));
    gauge.reset();
    for (const [flowId, at] of last) if (names.has(flowId)) gauge.set({ flow_id: flowId, flow_name: names.get(flowId) }, at.getTime() / 1000);
  }
}
