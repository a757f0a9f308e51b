import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ApplianceCatalog, ApplianceCatalogSource } from '../backup-client/appliance-catalog.port';
import { CatalogSnapshot, ImportPlan } from '../catalog/catalog-import.plan';
import { CatalogImporter, StillReferenced } from '../catalog/catalog-importer.service';
import { ApiError } from '../common/api-error';
import { describeError } from '../common/describe-error';
import { AppConfig } from '../config/app-config';
import { JobActivity } from '../executions/job-activity.service';
import { FlowsService } from '../flows/flows.service';
import { EngineMetrics } from '../metrics/engine-metrics';
import { CatalogSyncEntity, SyncTrigger } from './catalog-sync.entity';
import { CatalogSyncRepository } from './catalog-sync.repository';

/** How long a sync asked for through the API waits for another replica's sync to end. */
const API_WAIT_SECONDS = 30;

/**
 * Makes the engine's catalog match the appliance's (CATALOG_SOURCE=appliance): reads the whole
 * catalog through the ApplianceCatalogSource port — or nothing, when the appliance does not answer
 * completely — asks flows and history which vanished records they still refer to, lets the catalog
 * apply the difference in one transaction, and records the outcome. One sync at a time, across replicas.
 */
@Injectable()
export class CatalogSync {
  private readonly logger = new Logger('CatalogSync');
  private running?: Promise<CatalogSyncEntity | null>;

  constructor(
    private readonly config: AppConfig,
    private readonly appliance: ApplianceCatalogSource,
    private readonly importer: CatalogImporter,
    private readonly flows: FlowsService,
    private readonly jobs: JobActivity,
    private readonly syncs: CatalogSyncRepository,
    private readonly metrics: EngineMetrics,
  ) {}

  get enabled(): boolean {
    return this.config.CATALOG_SOURCE === 'appliance';
  }

  /** A sync now, or the one under way; null when another replica's sync held the lock past the wait. */
  sync(trigger: SyncTrigger): Promise<CatalogSyncEntity | null> {
    if (!this.enabled) {
      throw new ApiError(HttpStatus.CONFLICT, 'The catalog is kept in this engine (CATALOG_SOURCE=local): there is no appliance catalog to sync');
    }
    this.running ??= this.syncs.withLock(trigger === 'api' ? API_WAIT_SECONDS : 0, () => this.syncOnce(trigger)).finally(() => (this.running = undefined));
    return this.running;
  }

  private async syncOnce(trigger: SyncTrigger): Promise<CatalogSyncEntity> {
    const startedAt = new Date();
    try {
      const plan = await this.importer.prepare(toSnapshot(await this.appliance.read()));
      const counts = await this.importer.apply(plan, await this.stillReferenced(plan), startedAt);
      const sync = await this.syncs.record({ trigger, started_at: startedAt, finished_at: new Date(), outcome: 'succeeded', error: null, counts });
      this.metrics.catalogSyncs.inc({ outcome: 'succeeded' });
      this.metrics.catalogSyncLastSuccess.set(sync.finished_at.getTime() / 1000);
      this.logger.log({
        msg: 'catalog synced',
        trigger,
        ms: sync.finished_at.getTime() - startedAt.getTime(),
        added: counts.added,
        removed: counts.removed,
        skipped: counts.skipped.length,
      });
      return sync;
    } catch (err) {
      this.metrics.catalogSyncs.inc({ outcome: 'failed' });
      this.logger.error({ msg: 'catalog sync failed; nothing was changed', trigger, error: describeError(err) });
      return this.syncs.record({ trigger, started_at: startedAt, finished_at: new Date(), outcome: 'failed', error: describeError(err), counts: null });
    }
  }

  /** Vanished records something still refers to: VMs flows target or with backup history, groups flows target, repositories flows use. */
  private async stillReferenced(plan: ImportPlan): Promise<StillReferenced> {
    const vmIds = plan.vms.gone.map((g) => g.key);
    const repositoryIds = new Map(plan.repositories.gone.filter((g) => g.rowId !== undefined).map((g) => [g.rowId as number, g.key]));
    const [targetedVms, historyVms, groups, repositories] = await Promise.all([
      this.flows.targetsAmong('vm', vmIds),
      this.jobs.vmsWithHistory(vmIds),
      this.flows.targetsAmong(
        'group',
        plan.groups.gone.map((g) => g.key),
      ),
      this.flows.repositoriesAmong([...repositoryIds.keys()]),
    ]);
    return {
      vm_contexts: new Set([...targetedVms, ...historyVms]),
      groups,
      repositories: new Set([...repositories].map((id) => repositoryIds.get(id) as string)),
    };
  }
}

/** The appliance's records as the catalog imports them. */
function toSnapshot(catalog: ApplianceCatalog): CatalogSnapshot {
  return {
    vms: catalog.vms,
    groups: catalog.groups,
    repositories: catalog.repositories.map(({ id, ...repository }) => ({ external_id: id, ...repository })),
  };
}
