import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BackupApi } from '../backup-client/backup-api.port';
import { BackupApiConnection } from '../backup-client/backup-client.module';
import { CatalogSyncRepository } from '../catalog-sync/catalog-sync.repository';
import { CatalogSync } from '../catalog-sync/catalog-sync.service';
import { FlowScheduler } from '../scheduler/flow-scheduler.service';
import { ReadinessCheck, ReadinessReport } from './dto/health.dto';
import { redactUrl } from '../logging/redact';
import { withTimeout } from './with-timeout';
import { describeError } from '../common/describe-error';

const PROBE_TIMEOUT_MS = 2000;

const pass = (detail: string): ReadinessCheck => ({ ok: true, detail });
const fail = (detail: string): ReadinessCheck => ({ ok: false, detail });

/** /health/ready: whether this replica can do its work — database, schema, backup API, scheduler — each check named. */
@Injectable()
export class ReadinessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly api: BackupApi,
    private readonly connection: BackupApiConnection,
    private readonly scheduler: FlowScheduler,
    private readonly catalog: CatalogSync,
    private readonly syncs: CatalogSyncRepository,
  ) {}

  async check(): Promise<ReadinessReport> {
    const [database, migrations, backupApi, catalogSync] = await Promise.all([this.database(), this.migrations(), this.backupApi(), this.catalogSync()]);
    const checks = { database, migrations, backup_api: backupApi, scheduler: this.schedulerCheck(), catalog_sync: catalogSync };
    const failing = Object.entries(checks)
      .filter(([, check]) => !check.ok)
      .map(([name]) => name);
    return { status: failing.length === 0 ? 'ready' : 'not_ready', failing, checks };
  }

  private async database(): Promise<ReadinessCheck> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS);
      return pass(`${this.dataSource.options.type} answers`);
    } catch (err) {
      return fail(`the database does not answer: ${describeError(err)}`);
    }
  }

  private async migrations(): Promise<ReadinessCheck> {
    try {
      const pending = await withTimeout(this.dataSource.showMigrations(), PROBE_TIMEOUT_MS);
      return pending ? fail('migrations are pending: the schema is older than this engine') : pass('every migration is applied');
    } catch (err) {
      return fail(`the migrations could not be read: ${describeError(err)}`);
    }
  }

  private async backupApi(): Promise<ReadinessCheck> {
    // A public answer: the URL without its user-info or secret query parameters.
    const url = redactUrl(this.connection.url);
    const where = this.connection.demo ? `demo mode: the built-in ${this.connection.kind} simulator at ${url}` : `${this.connection.kind} API at ${url}`;
    try {
      await this.api.probe(PROBE_TIMEOUT_MS);
      return pass(`${where} answers`);
    } catch (err) {
      return fail(`${where} does not answer: ${describeError(err)}`);
    }
  }

  private async catalogSync(): Promise<ReadinessCheck> {
    if (!this.catalog.enabled) return pass('the catalog is kept in this engine (CATALOG_SOURCE=local)');
    try {
      const last = await withTimeout(this.syncs.latest(), PROBE_TIMEOUT_MS);
      if (!last) return pass("the first sync of the appliance's catalog is under way");
      if (last.outcome === 'failed')
        return fail(`the last sync of the appliance's catalog failed at ${last.finished_at.toISOString()}: ${last.error ?? 'no reason recorded'}`);
      return pass(`the appliance's catalog was synced at ${last.finished_at.toISOString()}`);
    } catch (err) {
      return fail(`the catalog sync's record could not be read: ${describeError(err)}`);
    }
  }

  private schedulerCheck(): ReadinessCheck {
    if (!this.scheduler.enabled) return pass('disabled on this replica (SCHEDULER_ENABLED=false)');
    if (!this.scheduler.readyAt) return fail(`starting: ${this.scheduler.registeredCount} CronJobs registered so far`);
    return pass(`running, ${this.scheduler.registeredCount} CronJobs for the ${this.scheduler.sharesHeld} shares of the schedule this replica holds`);
  }
}
