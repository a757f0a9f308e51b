import { QueryFailedError } from 'typeorm';
import { retryingDeadlocks } from './transactions';

const failure = (code: string) => new QueryFailedError('UPDATE …', [], Object.assign(new Error(code), { code }));

describe('retryingDeadlocks', () => {
  it('runs the work again when it lost a deadlock, and returns what the successful attempt returned', async () => {
    let calls = 0;
    const result = await retryingDeadlocks(() => (++calls < 3 ? Promise.reject(failure('ER_LOCK_DEADLOCK')) : Promise.resolve('written')));
    expect({ result, calls }).toEqual({ result: 'written', calls: 3 });
  });

  it('gives up after four attempts with the deadlock error', async () => {
    let calls = 0;
    const work = () => {
      calls++;
      return Promise.reject(failure('ER_LOCK_DEADLOCK'));
    };
    await expect(retryingDeadlocks(work)).rejects.toThrow('ER_LOCK_DEADLOCK');
    expect(calls).toBe(4);
  });

  it('does not repeat work that failed for another reason', async () => {
    let calls = 0;
    const work = () => {
      calls++;
      return Promise.reject(failure('ER_DUP_ENTRY'));
    };
    await expect(retryingDeadlocks(work)).rejects.toThrow('ER_DUP_ENTRY');
    expect(calls).toBe(1);
  });
});
