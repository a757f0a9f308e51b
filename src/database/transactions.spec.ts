import { QueryFailedError } from 'typeorm';
import { retryingDeadlocks } from './transactions';

const failure = (code: string) => new QueryFailedError('UPDATE …', [], Object.assign(new Error(code), { code }));

/** Work that always fails with the driver's `code`, counting its attempts. */
function alwaysFailing(code: string): { work: () => Promise<never>; attempts: () => number } {
  let calls = 0;
  return {
    work: () => {
      calls++;
      return Promise.reject(failure(code));
    },
    attempts: () => calls,
  };
}

describe('retryingDeadlocks', () => {
  it('runs the work again when it lost a deadlock, and returns what the successful attempt returned', async () => {
    let calls = 0;
    const result = await retryingDeadlocks(() => (++calls < 3 ? Promise.reject(failure('ER_LOCK_DEADLOCK')) : Promise.resolve('written')));
    expect({ result, calls }).toEqual({ result: 'written', calls: 3 });
  });

  it('gives up after four attempts with the deadlock error', async () => {
    const deadlocked = alwaysFailing('ER_LOCK_DEADLOCK');
    await expect(retryingDeadlocks(deadlocked.work)).rejects.toThrow('ER_LOCK_DEADLOCK');
    expect(deadlocked.attempts()).toBe(4);
  });

  it('does not repeat work that failed for another reason', async () => {
    const duplicate = alwaysFailing('ER_DUP_ENTRY');
    await expect(retryingDeadlocks(duplicate.work)).rejects.toThrow('ER_DUP_ENTRY');
    expect(duplicate.attempts()).toBe(1);
  });
});
