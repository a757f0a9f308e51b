import { HttpStatus } from '@nestjs/common';
import { QuietExecutionLog } from '../../test/fakes/quiet-execution-log';
import { RecordedEvents } from '../../test/fakes/recorded-events';
import { AppConfig } from '../config/app-config';
import { FlowsService } from '../flows/flows.service';
import { ProtectionFlowEntity } from '../flows/protection-flow.entity';
import { FlowDispatcher, RunStart } from './dispatch/flow-dispatcher.service';
import { ExecutionLauncher, FlowBusyError } from './execution-launcher.service';
import { ExecutionRepository } from './execution.repository';
import { FlowExecutionEntity } from './flow-execution.entity';
import { ReplicaLease } from './dispatch/replica-lease';
import { PreflightProblem, RunPreflight } from './run-preflight.service';

/** Executions in memory: a flow is held by its running execution, as the flow claim does in SQL. */
class InMemoryExecutions {
  readonly rows: FlowExecutionEntity[] = [];
  create(fields: Partial<FlowExecutionEntity>): FlowExecutionEntity {
    return fields as FlowExecutionEntity;
  }
  insertClaimingFlow(execution: FlowExecutionEntity): Promise<boolean> {
    if (this.rows.some((r) => r.flow_id === execution.flow_id && r.status === 'running')) return Promise.resolve(false);
    this.rows.push(execution);
    return Promise.resolve(true);
  }
  insert(execution: FlowExecutionEntity): Promise<void> {
    this.rows.push(execution);
    return Promise.resolve();
  }
  runningOf(flowId: string): Promise<FlowExecutionEntity | null> {
    return Promise.resolve(this.rows.find((r) => r.flow_id === flowId && r.status === 'running') ?? null);
  }
  pendingOf(flowId: string): Promise<FlowExecutionEntity | null> {
    return Promise.resolve(this.rows.find((r) => r.flow_id === flowId && r.status === 'pending') ?? null);
  }
}

function setup(problems: PreflightProblem[] = []) {
  const flow = { id: 'flow-1', name: 'nightly', enabled: true, flow_type: 'backup' } as ProtectionFlowEntity;
  const executions = new InMemoryExecutions();
  const begun: Array<{ id: string; reason: string; message: string }> = [];
  const events = new RecordedEvents();
  const preflight = Object.assign(Object.create(RunPreflight.prototype) as RunPreflight, { problems: () => Promise.resolve(problems) });
  const launcher = new ExecutionLauncher(
    { get: () => Promise.resolve(flow), scheduleOf: () => Promise.resolve(null) } as unknown as FlowsService,
    preflight,
    executions as unknown as ExecutionRepository,
    new ReplicaLease(Object.assign(new AppConfig(), { EXECUTION_LEASE_MS: 30_000 })),
    {
      begin: (e: FlowExecutionEntity, start: RunStart) => Promise.resolve(void begun.push({ id: e.id, reason: start.reason, message: start.message })),
    } as unknown as FlowDispatcher,
    new QuietExecutionLog().asLog(),
    events.asEvents(),
  );
  return { launcher, executions, begun, events };
}

describe('ExecutionLauncher', () => {
  it('records a running execution held by this replica and hands it to the dispatcher to begin', async () => {
    const { launcher, executions, begun } = setup();
    const { execution } = await launcher.launch({ flowId: 'flow-1', executionType: 'manual', triggeredBy: 'ops' });
    expect(execution).toMatchObject({ status: 'running', execution_type: 'manual', triggered_by: 'ops', execution_metadata: { jobs_resolved: false } });
    expect(execution.owner_id).toEqual(expect.any(String));
    expect(executions.rows).toHaveLength(1);
    expect(begun).toEqual([{ id: execution.id, reason: 'launched', message: 'Execution started (manual) by ops' }]);
  });

  it("refuses with the preflight's first reason and status", async () => {
    const { launcher, executions } = setup([{ status: HttpStatus.UNPROCESSABLE_ENTITY, message: 'Protection group "g" has no enabled VMs' }]);
    await expect(launcher.launch({ flowId: 'flow-1', executionType: 'manual', triggeredBy: 'ops' })).rejects.toMatchObject({
      status: 422,
      response: { error: 'Protection group "g" has no enabled VMs' },
    });
    expect(executions.rows).toEqual([]);
  });

  it('refuses a second run naming the running one, or buffers one (and only one) pending run', async () => {
    const { launcher, executions } = setup();
    const { execution: first } = await launcher.launch({ flowId: 'flow-1', executionType: 'manual', triggeredBy: 'ops' });
    const busy = launcher.launch({ flowId: 'flow-1', executionType: 'manual', triggeredBy: 'ops' });
    await expect(busy).rejects.toBeInstanceOf(FlowBusyError);
    await expect(busy).rejects.toMatchObject({
      response: {
        error: expect.stringContaining('"nightly" is already running'),
        details: [expect.objectContaining({ records: [expect.objectContaining({ id: first.id })] })],
      },
    });
    const { execution: pending } = await launcher.launch({ flowId: 'flow-1', executionType: 'scheduled', triggeredBy: 'scheduler', bufferIfBusy: true });
    expect(pending).toMatchObject({ status: 'pending', started_at: null, owner_id: null });
    await expect(launcher.launch({ flowId: 'flow-1', executionType: 'scheduled', triggeredBy: 'scheduler', bufferIfBusy: true })).rejects.toBeInstanceOf(
      FlowBusyError,
    );
    expect(executions.rows.map((r) => r.status)).toEqual(['running', 'pending']);
  });
});
