import { DataSource } from 'typeorm';
import { APP_SCHEMA } from '../src/app.schema';
import { resolveDataSourceOptions } from '../src/database/data-source-options';
import { runMigrationsLocked } from '../src/database/migration-runner';
import { ProtectionFlowEntity } from '../src/flows/protection-flow.entity';
import { createTestDatabase, dropTestDatabase } from './support/test-database';
import { startTestApp, stopTestApp, TestApp } from './support/test-app';

const ALL_TABLES = [
  'backup_policies',
  'backup_repositories',
  'catalog_syncs',
  'change_events',
  'notification_deliveries',
  'notification_targets',
  'protection_flow_execution_events',
  'protection_flow_execution_jobs',
  'protection_flow_executions',
  'protection_flows',
  'protection_group_memberships',
  'protection_groups',
  'schedule_executions',
  'scheduler_replicas',
  'scheduler_shares',
  'schedules',
  'vm_contexts',
];

const isMysql = () => !!process.env.DATABASE_URL;
const MIGRATION_NAMES = [
  'InitialSchema1764400000000',
  'ExecutionLeases1764500000000',
  'RunSemantics1764600000000',
  'ChangeStream1764700000000',
  'RepositoryExternalId1764800000000',
  'Notifications1764900000000',
  'SchedulerIndexes1765000000000',
  'FlowNotices1765100000000',
  'CatalogSync1765200000000',
  'OperatorConsole1765300000000',
  'SchedulerShares1765400000000',
];

async function openDataSource(): Promise<DataSource> {
  const options = await resolveDataSourceOptions({ DATABASE_URL: process.env.DATABASE_URL, SQLITE_PATH: process.env.SQLITE_PATH ?? '' }, APP_SCHEMA);
  return new DataSource(options).initialize();
}

async function tableNames(ds: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = isMysql()
    ? await ds.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')
    : await ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  return rows
    .map((r) => r.name)
    .filter((n) => n !== 'schema_migrations')
    .sort();
}

describe('Storage: migrations and schema', () => {
  afterAll(() => dropTestDatabase());

  it('migrates a fresh database up, down to zero and up again, and entities match the schema', async () => {
    await createTestDatabase();
    const ds = await openDataSource();
    try {
      expect(await runMigrationsLocked(ds)).toEqual(MIGRATION_NAMES);
      expect(await tableNames(ds)).toEqual(ALL_TABLES);
      expect((await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query)).toEqual([]);

      while ((await ds.query('SELECT COUNT(*) AS n FROM schema_migrations'))[0].n > 0) await ds.undoLastMigration();
      expect(await tableNames(ds)).toEqual([]);

      expect(await runMigrationsLocked(ds)).toEqual(MIGRATION_NAMES);
      expect(await tableNames(ds)).toEqual(ALL_TABLES);
      expect(await runMigrationsLocked(ds)).toEqual([]);
      expect((await ds.driver.createSchemaBuilder().log()).upQueries).toHaveLength(0);
    } finally {
      await ds.destroy();
    }
  });

  it('enforces the flow CHECK constraints in the database itself', async () => {
    const ds = await openDataSource();
    try {
      const flows = ds.getRepository(ProtectionFlowEntity);
      const backupWithoutRepository = flows.create({ name: 'no-repo', flow_type: 'backup', target_type: 'vm', target_id: 'x' });
      await expect(flows.save(backupWithoutRepository)).rejects.toThrow();
      const replicationWithoutDestination = flows.create({ name: 'no-dest', flow_type: 'replication', target_type: 'vm', target_id: 'x' });
      await expect(flows.save(replicationWithoutDestination)).rejects.toThrow();
      const ok = flows.create({ name: 'repl', flow_type: 'replication', target_type: 'vm', target_id: 'x', destination_type: 'vmware' });
      await expect(flows.save(ok)).resolves.toMatchObject({ name: 'repl' });
    } finally {
      await ds.destroy();
    }
  });

  (isMysql() ? it : it.skip)('lets two engines boot together on one MySQL database: one migrates, both serve', async () => {
    await dropTestDatabase();
    const apps = await Promise.all([startTestApp(), startTestApp()]);
    try {
      const rows = await apps[0].dataSource.query('SELECT name FROM schema_migrations');
      expect(rows.map((r: { name: string }) => r.name)).toEqual(MIGRATION_NAMES);
      for (const a of apps) await a.http.get('/health').expect(200);
    } finally {
      for (const a of apps) await a.close();
    }
  });
});

describe('Storage: delete rules between catalog and flows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => stopTestApp(t));

  it('refuses to delete a repository a flow uses (RESTRICT), and a policy or schedule in use unless detached', async () => {
    const repo = (await t.http.post('/api/v1/repositories').send({ name: 'in-use', type: 'local' }).expect(201)).body;
    const policy = (await t.http.post('/api/v1/policies').send({ name: 'p-in-use' }).expect(201)).body;
    const schedule = (await t.http.post('/api/v1/schedules').send({ name: 's-in-use', cron_expression: '@daily' }).expect(201)).body;
    const flows = t.dataSource.getRepository(ProtectionFlowEntity);
    const flow = await flows.save(
      flows.create({
        name: 'uses-all',
        flow_type: 'backup',
        target_type: 'vm',
        target_id: 'vm-1',
        repository_id: repo.id,
        policy_id: policy.id,
        schedule_id: schedule.id,
      }),
    );

    const refused = await t.http.delete(`/api/v1/repositories/${repo.id}`).expect(409);
    expect(refused.body.error).toBe('Repository "in-use" is used by 1 protection flow: "uses-all"; give it another repository first');
    await t.http.get(`/api/v1/repositories/${repo.id}`).expect(200);
    // Behind the check, the foreign key refuses too (RESTRICT): a flow cannot lose its repository by a stray DELETE.
    await expect(t.dataSource.query('DELETE FROM backup_repositories WHERE id = ?', [repo.id])).rejects.toThrow();

    // Flows use them: refused unless detached (the foreign keys would also set them null).
    await t.http.delete(`/api/v1/policies/${policy.id}`).expect(409);
    await t.http.delete(`/api/v1/policies/${policy.id}?detach=true`).expect(204);
    await t.http.delete(`/api/v1/schedules/${schedule.id}?detach=true`).expect(204);
    const after = await flows.findOneByOrFail({ id: flow.id });
    expect(after).toMatchObject({ policy_id: null, schedule_id: null, repository_id: repo.id });
  });
});
