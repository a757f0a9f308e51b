import { JsonLogger } from './json-logger';

describe('JsonLogger', () => {
  it('writes one JSON object per line, merging object messages and honouring the level', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('info', (line) => lines.push(line));
    logger.log({ msg: 'execution started', flow_id: 'f1', execution_id: 'e1' }, 'Executions');
    logger.debug('hidden at info');
    logger.error('boom', 'stack-trace', 'Ctx');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', context: 'Executions', msg: 'execution started', flow_id: 'f1', execution_id: 'e1' });
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'error', context: 'Ctx', msg: 'boom', stack: 'stack-trace' });
  });
});
