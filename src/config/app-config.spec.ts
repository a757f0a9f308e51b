import { ConfigValidationError, loadConfig } from './app-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('applies the documented defaults when nothing is set', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      SQLITE_PATH: './data/engine.sqlite',
      ENGINE_MAX_CONCURRENT_JOBS: 50,
      JOB_POLL_INTERVAL_MS: 5000,
      JOB_STALE_TIMEOUT_MS: 1_800_000,
      SCHEDULER_ENABLED: true,
      SCHEDULER_RECONCILE_MS: 5000,
      BACKUP_API_KIND: 'engine',
      LOG_LEVEL: 'info',
    });
    expect(loadConfig({}).CORS_ORIGINS).toBeUndefined();
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadConfig({}).API_TOKEN).toBeUndefined();
  });

  it('names a wrong backup API kind or CORS origin list', () => {
    expect(problemsOf({ BACKUP_API_KIND: 'veeam' })).toEqual([expect.stringMatching(/^BACKUP_API_KIND/)]);
    expect(loadConfig({ BACKUP_API_KIND: 'sha' }).BACKUP_API_KIND).toBe('sha');
    expect(problemsOf({ CORS_ORIGINS: 'gui.example.com' })).toEqual([expect.stringMatching(/^CORS_ORIGINS must be a comma-separated list of origins/)]);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).CORS_ORIGINS).toBe('https://a.example, http://localhost:5173');
  });

  it('parses numbers and booleans from strings and treats empty values as unset', () => {
    const config = loadConfig({ PORT: '9000', SCHEDULER_ENABLED: 'false', DATABASE_URL: '', ENGINE_MAX_CONCURRENT_JOBS: ' 7 ' });
    expect(config).toMatchObject({ PORT: 9000, SCHEDULER_ENABLED: false, ENGINE_MAX_CONCURRENT_JOBS: 7 });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names each bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', SCHEDULER_ENABLED: 'maybe', DATABASE_URL: 'postgres://x/y' });
    const text = problems.join('\n');
    for (const name of ['PORT', 'LOG_LEVEL', 'SCHEDULER_ENABLED', 'DATABASE_URL']) expect(text).toContain(name);
    expect(problems).toHaveLength(4);
  });

  it('refuses binding beyond loopback without API_TOKEN, and allows it with one', () => {
    expect(problemsOf({ HOST: '0.0.0.0' })).toEqual(['HOST: binding to 0.0.0.0 (beyond loopback) requires API_TOKEN to be set']);
    expect(loadConfig({ HOST: '0.0.0.0', API_TOKEN: 'a-long-secret' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ HOST: 'localhost' }).HOST).toBe('localhost');
    expect(loadConfig({ HOST: '127.0.0.2' }).HOST).toBe('127.0.0.2');
  });

  it('accepts a mysql:// DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/test' }).DATABASE_URL).toBe('mysql://root@127.0.0.1:3306/test');
  });

  it('takes the catalog from the appliance only with the SHA backup API, and checks the new variables', () => {
    expect(problemsOf({ CATALOG_SOURCE: 'appliance' })).toEqual([
      'CATALOG_SOURCE: appliance needs BACKUP_API_KIND=sha (the catalog comes from the Sendense appliance)',
    ]);
    expect(loadConfig({ CATALOG_SOURCE: 'appliance', BACKUP_API_KIND: 'sha' }).CATALOG_SYNC_INTERVAL_MS).toBe(60_000);
    expect(problemsOf({ CATALOG_SOURCE: 'vcenter' }).join()).toContain('CATALOG_SOURCE');
    expect(problemsOf({ NOTIFICATION_ALLOWED_CIDRS: '10.0.0.0/8,not-a-range' }).join()).toContain('NOTIFICATION_ALLOWED_CIDRS');
    expect(loadConfig({ NOTIFICATION_ALLOWED_CIDRS: '10.0.0.0/8, fd00::/8' }).NOTIFICATION_ALLOWED_CIDRS).toBe('10.0.0.0/8, fd00::/8');
    expect(loadConfig({ ALLOWED_HOSTS: 'engine.example.com, *.corp.example' }).ALLOWED_HOSTS).toBe('engine.example.com, *.corp.example');
    expect(problemsOf({ ALLOWED_HOSTS: 'bad host!' }).join()).toContain('ALLOWED_HOSTS');
  });
});
