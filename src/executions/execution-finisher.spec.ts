import { QuietExecutionLog } from '../../test/fakes/quiet-execution-log';
import { DomainEvents } from '../events/domain-events';
import { ExecutionFinisher, finishDecision, outcomeOf } from './execution-finisher.service';
import { ExecutionRepository, FinishDecision } from './execution.repository';
import { FlowExecutionEntity } from './flow-execution.entity';
import { emptyJobCounts, JobCounts } from './job.repository';

const counts = (fields: Partial<JobCounts>): JobCounts => ({ ...emptyJobCounts(), ...fields });

describe('ExecutionFinisher', () => {
  it('derives the outcome from the jobs: all completed, none completed, some, or cancelled', () => {
    expect(outcomeOf(counts({ completed: 3, total: 3 }), false)).toBe('success');
    expect(outcomeOf(counts({ failed: 3, total: 3 }), false)).toBe('error');
    expect(outcomeOf(counts({ completed: 1, failed: 2, total: 3 }), false)).toBe('warning');
    expect(outcomeOf(counts({ total: 0 }), false)).toBe('warning');
    expect(outcomeOf(counts({ completed: 3, total: 3 }), true)).toBe('cancelled');
  });

  it('writes counters derived from the job rows, and a cancel recorded elsewhere counts', () => {
    const row = {
      started_at: new Date('2026-01-01T00:00:00Z'),
      created_at: new Date(),
      execution_metadata: { cancel_requested_at: 'x' },
    } as FlowExecutionEntity;
    const decision = finishDecision(
      row,
      counts({ completed: 2, failed: 1, cancelled: 1, total: 4, bytes: 500 }),
      ['b1', 'b2', 'b3'],
      { cancelled: false },
      new Date('2026-01-01T00:01:00Z'),
    );
    expect(decision.outcome).toBe('cancelled');
    expect(decision.patch).toMatchObject({
      jobs_created: 3,
      jobs_completed: 2,
      jobs_failed: 1,
      jobs_skipped: 1,
      vms_processed: 3,
      bytes_transferred: 500,
      execution_time_seconds: 60,
      error_message: 'Cancelled: 1 VM not started',
    });
  });

  it('finishes once, and tells the other modules once', async () => {
    let done = false;
    const repository = {
      finish: (_id: string, decide: (row: FlowExecutionEntity, c: JobCounts, ids: string[]) => FinishDecision) => {
        if (done) return Promise.resolve(null);
        done = true;
        return Promise.resolve(
          decide(
            { started_at: new Date(), created_at: new Date(), execution_metadata: null, execution_type: 'scheduled' } as FlowExecutionEntity,
            counts({ completed: 1, total: 1 }),
            ['b'],
          ),
        );
      },
      previousOutcome: () => Promise.resolve('error'),
    } as unknown as ExecutionRepository;
    const emitted: unknown[] = [];
    const events = { emit: (name: string, payload: unknown) => Promise.resolve(void emitted.push({ name, payload })) } as unknown as DomainEvents;
    const finisher = new ExecutionFinisher(repository, new QuietExecutionLog().asLog(), events);
    await expect(finisher.finish({ id: 'ex', flow_id: 'f' }, { cancelled: false })).resolves.toBe(true);
    await expect(finisher.finish({ id: 'ex', flow_id: 'f' }, { cancelled: false })).resolves.toBe(false);
    expect(emitted).toEqual([
      { name: 'execution.finished', payload: { execution_id: 'ex', flow_id: 'f', outcome: 'success', execution_type: 'scheduled', previous_outcome: 'error' } },
    ]);
  });
});
