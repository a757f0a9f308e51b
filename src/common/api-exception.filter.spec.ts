import { QueryFailedError } from 'typeorm';
import { ApiExceptionFilter } from './api-exception.filter';

const driverFailure = (code: string) => new QueryFailedError('UPDATE …', [], Object.assign(new Error(code), { code }));

describe('ApiExceptionFilter.toEnvelope', () => {
  const filter = new ApiExceptionFilter();

  it('answers a deadlock that outlasted its retries with 503, which a client may retry, not 500', () => {
    expect(filter.toEnvelope(driverFailure('ER_LOCK_DEADLOCK'))).toMatchObject({ status: 503, error: expect.stringMatching(/try again/) });
  });

  it('keeps 409 for a unique key and 500 for what it does not know', () => {
    expect(filter.toEnvelope(driverFailure('ER_DUP_ENTRY')).status).toBe(409);
    expect(filter.toEnvelope(new Error('boom')).status).toBe(500);
  });
});
