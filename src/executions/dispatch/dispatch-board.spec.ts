import { DispatchBoard, DispatchJob, RunSpec } from './dispatch-board';

const job = (id: string, vm = `vm-${id}`): DispatchJob => ({
  id,
  vmContextId: vm,
  vmName: vm,
  backupType: 'full',
  attempt: 0,
  backupJobId: null,
  previousBackupIds: [],
  lastNewsAt: 0,
});

const run = (id: string, overrides: Partial<RunSpec> = {}): RunSpec => ({
  executionId: id,
  flowId: `flow-${id}`,
  limitKey: `group:${id}`,
  maxConcurrent: 2,
  retry: null,
  ...overrides,
});

const ids = (taken: Array<{ job: DispatchJob }>) => taken.map((t) => t.job.id);

describe('DispatchBoard', () => {
  it("starts a run's jobs in order, at most its limit at a time, and the next one as soon as one ends", () => {
    const board = new DispatchBoard(50);
    board.addRun(run('r1'));
    board.enqueue('r1', [job('a'), job('b'), job('c')]);
    expect(ids(board.takeStartable())).toEqual(['a', 'b']);
    expect(board.takeStartable()).toEqual([]);
    board.jobEnded('r1', 'a', 'completed');
    expect(ids(board.takeStartable())).toEqual(['c']);
  });

  it('shares a limit key across runs (one group, two flows)', () => {
    const board = new DispatchBoard(50);
    board.addRun(run('r1', { limitKey: 'group:g' }));
    board.addRun(run('r2', { limitKey: 'group:g' }));
    board.enqueue('r1', [job('a'), job('b')]);
    board.enqueue('r2', [job('c'), job('d')]);
    expect(board.takeStartable()).toHaveLength(2);
    expect(board.inFlightCount).toBe(2);
  });

  it('never puts one VM in flight twice: a busy VM waits and the next queued VM goes first', () => {
    const board = new DispatchBoard(50);
    board.addRun(run('r1'));
    board.addRun(run('r2'));
    board.enqueue('r1', [job('a', 'shared')]);
    board.enqueue('r2', [job('b', 'shared'), job('c', 'other')]);
    expect(ids(board.takeStartable()).sort()).toEqual(['a', 'c']);
    board.jobEnded('r1', 'a', 'completed');
    expect(ids(board.takeStartable())).toEqual(['b']);
  });

  it('keeps the engine-wide limit, taking runs in turn', () => {
    const board = new DispatchBoard(3);
    board.addRun(run('r1', { maxConcurrent: 10 }));
    board.addRun(run('r2', { maxConcurrent: 10 }));
    board.enqueue('r1', [job('a1'), job('a2'), job('a3')]);
    board.enqueue('r2', [job('b1'), job('b2'), job('b3')]);
    const first = ids(board.takeStartable());
    expect(first).toHaveLength(3);
    expect(first.some((id) => id.startsWith('a')) && first.some((id) => id.startsWith('b'))).toBe(true);
  });

  it('finishes a run only when nothing is queued, in flight, being written or waiting for a retry', () => {
    const board = new DispatchBoard(50);
    board.addRun(run('r1', { retry: { attempts: 1, delayMs: 1000 } }));
    board.enqueue('r1', [job('a')]);
    const [{ job: a }] = board.takeStartable();
    a.attempt = 1;
    expect(board.claimFinish('r1')).toBe(false);
    expect(board.jobEnded('r1', 'a', 'failed')).toEqual({ retryInMs: 1000 });
    expect(board.claimFinish('r1')).toBe(false); // its row is still being written
    board.settled('r1', 'a');
    expect(board.claimFinish('r1')).toBe(false); // the retry is due later
    board.requeue('r1', 'a');
    const [{ job: again }] = board.takeStartable();
    again.attempt = 2;
    expect(board.jobEnded('r1', 'a', 'failed')).toEqual({ retryInMs: null }); // no attempts left
    board.settled('r1', 'a');
    expect(board.claimFinish('r1')).toBe(true);
    expect(board.claimFinish('r1')).toBe(false); // once
  });

  it('remembers the backup ids of earlier attempts when a job is queued again', () => {
    const board = new DispatchBoard(50);
    board.addRun(run('r1', { retry: { attempts: 2, delayMs: 0 } }));
    board.enqueue('r1', [job('a')]);
    const [{ job: a }] = board.takeStartable();
    a.attempt = 1;
    board.started('r1', 'a', 'bk-1', 10);
    expect(board.byBackupId('bk-1')?.job.id).toBe('a');
    board.jobEnded('r1', 'a', 'failed');
    expect(board.byBackupId('bk-1')).toBeUndefined();
    board.requeue('r1', 'a');
    expect(a.previousBackupIds).toEqual(['bk-1']);
    expect(a.backupJobId).toBeNull();
  });

  it('cancels: nothing queued starts, retries are dropped, jobs in flight are still followed', () => {
    const board = new DispatchBoard(50);
    board.addRun(run('r1', { maxConcurrent: 1, retry: { attempts: 3, delayMs: 1000 } }));
    board.enqueue('r1', [job('a'), job('b'), job('c')]);
    const [{ job: a }] = board.takeStartable();
    a.attempt = 1;
    board.started('r1', 'a', 'bk-a', 1);
    expect(board.cancel('r1')).toEqual([]);
    expect(board.takeStartable()).toEqual([]);
    expect(board.followed().map((f) => f.job.id)).toEqual(['a']);
    expect(board.jobEnded('r1', 'a', 'failed')).toEqual({ retryInMs: null });
    board.settled('r1', 'a');
    expect(board.claimFinish('r1')).toBe(true);
  });

  it('lets an adopted job (a resumed run) hold its slots whatever the limits, and frees them on removal', () => {
    const board = new DispatchBoard(1);
    board.addRun(run('r1', { maxConcurrent: 1 }));
    board.adopt('r1', { ...job('a'), backupJobId: 'bk-a' });
    board.adopt('r1', { ...job('b'), backupJobId: 'bk-b' });
    expect(board.inFlightCount).toBe(2);
    board.addRun(run('r2'));
    board.enqueue('r2', [job('c')]);
    expect(board.takeStartable()).toEqual([]);
    board.removeRun('r1');
    expect(ids(board.takeStartable())).toEqual(['c']);
  });

  it('ignores reports about jobs it does not hold', () => {
    const board = new DispatchBoard(50);
    expect(board.jobEnded('nope', 'x', 'completed')).toEqual({ retryInMs: null });
    board.addRun(run('r1'));
    expect(board.addRun(run('r1'))).toBe(false);
    expect(board.jobEnded('r1', 'x', 'completed')).toEqual({ retryInMs: null });
    expect(board.claimFinish('r1')).toBe(true); // an empty run is done at once
  });
});
