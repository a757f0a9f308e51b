import { Injectable, Logger } from '@nestjs/common';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { SchedulesService } from '../catalog/schedules.service';
import { ExecutionLauncher, FlowBusyError } from '../executions/execution-launcher.service';
import type { PreflightProblem } from '../executions/run-preflight.service';
import { runsOnSchedule } from '../flows/flow-timing';
import { FlowsService } from '../flows/flows.service';
import { ProtectionFlowEntity } from '../flows/protection-flow.entity';
import { OccurrenceRecorder } from './occurrence-recorder.service';
import { OccurrenceRepository } from './occurrence.repository';
import { OccurrenceOutcome } from './schedule-execution.entity';
import { describeError } from '../common/describe-error';

/** One occurrence of one flow's schedule, as its CronJob (or the catch-up) saw it. */
export interface Tick {
  flowId: string;
  scheduleId: string;
  at: Date;
  /** When the CronJob fired (the scheduler's lag is firedAt − at). */
  firedAt: Date;
  next: Date | null;
  outcome: 'fired' | 'caught_up';
}

type Won = { tick: Tick; occurrenceId: string; flow: ProtectionFlowEntity };

/**
 * Turns ticks into runs: claims the occurrences (one statement for a batch), and for those this
 * replica wins runs the flow or records why not. The flows, schedules and the records a run
 * checks are read once per batch, so 1,000 flows sharing an occurrence cost a few queries more
 * than one.
 */
@Injectable()
export class OccurrenceFirer {
  private readonly logger = new Logger('OccurrenceFirer');

  constructor(
    private readonly flows: FlowsService,
    private readonly schedules: SchedulesService,
    private readonly occurrences: OccurrenceRepository,
    private readonly launcher: ExecutionLauncher,
    private readonly recorder: OccurrenceRecorder,
  ) {}

  /** fire() for a CronJob batch: never throws (nobody waits for it), logs what failed. */
  async fireBatch(ticks: Tick[]): Promise<void> {
    try {
      await this.fire(ticks);
    } catch (err) {
      this.logger.error({ msg: 'scheduled runs failed', flow_ids: ticks.map((t) => t.flowId), error: describeError(err) });
    }
  }

  async fire(ticks: Tick[]): Promise<void> {
    // A flow deleted since its CronJob was registered has nothing to claim; the next reconcile drops its job.
    const flows = new Map((await this.flows.findMany(ticks.map((t) => t.flowId))).map((f) => [f.id, f]));
    const live = ticks.filter((t) => flows.has(t.flowId));
    const claims = live.map((t) => ({ flow_id: t.flowId, schedule_id: t.scheduleId, scheduled_at: t.at, fired_at: t.firedAt, outcome: t.outcome }));
    const ids = await this.occurrences.claimMany(claims);
    const won: Won[] = [];
    live.forEach((tick, i) => {
      const occurrenceId = ids[i];
      const flow = flows.get(tick.flowId);
      if (occurrenceId && flow) won.push({ tick, occurrenceId, flow });
    });
    if (won.length === 0) return;
    await this.runAll(won);
    await this.recordNextTimes(won.map((w) => w.tick));
  }

  private async runAll(won: Won[]): Promise<void> {
    const scheduleIds = won.map((w) => w.flow.schedule_id).filter((id): id is string => id !== null);
    const schedules = new Map((await this.schedules.findMany(scheduleIds)).map((s) => [s.id, s]));
    const scheduleOf = (flow: ProtectionFlowEntity) => (flow.schedule_id ? (schedules.get(flow.schedule_id) ?? null) : null);
    const problems = await this.launcher.checkMany(won.map((w) => w.flow).filter((flow) => runsOnSchedule(flow, scheduleOf(flow))));
    await Promise.all(
      won.map(async ({ tick, occurrenceId, flow }) => {
        const schedule = scheduleOf(flow);
        const result = await this.run(flow, schedule, occurrenceId, tick.outcome, problems.get(flow.id));
        await this.recorder.settle({ id: occurrenceId, flowId: tick.flowId, scheduledAt: tick.at, firedAt: tick.firedAt }, result.outcome, result.executionId);
      }),
    );
  }

  private async run(
    flow: ProtectionFlowEntity,
    schedule: ScheduleEntity | null,
    occurrenceId: string,
    outcome: OccurrenceOutcome,
    problems: PreflightProblem[] | undefined,
  ): Promise<{ outcome: OccurrenceOutcome; executionId: string | null }> {
    if (!runsOnSchedule(flow, schedule)) return { outcome: 'skipped_disabled', executionId: null };
    try {
      const { execution } = await this.launcher.launch({
        flowId: flow.id,
        preloaded: { flow, schedule, problems },
        executionType: 'scheduled',
        triggeredBy: 'scheduler',
        scheduleExecutionId: occurrenceId,
        bufferIfBusy: !schedule.skip_if_running,
      });
      return { outcome, executionId: execution.id };
    } catch (err) {
      if (err instanceof FlowBusyError) return { outcome: 'skipped_overlap', executionId: null };
      this.logger.warn({ msg: 'scheduled occurrence not run', flow_id: flow.id, error: describeError(err) });
      return { outcome: 'skipped_disabled', executionId: null };
    }
  }

  /** Flows that ticked together share their next occurrence. */
  private recordNextTimes(ticks: Tick[]): Promise<void> {
    return this.flows.setNextExecutions(ticks.map((tick) => ({ flowId: tick.flowId, next: tick.next })));
  }
}
