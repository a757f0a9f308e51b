import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('engine start-up', () => {
  it('stops with a message naming the bad variable', () => {
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'main.ts')], {
      env: { PATH: process.env.PATH, PORT: 'not-a-port', HOST: '10.1.2.3' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    const line = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}');
    expect(line.msg).toBe('engine not started: invalid configuration');
    expect(line.problems.join(' ')).toContain('PORT');
  });
});
