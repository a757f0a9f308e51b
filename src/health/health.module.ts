import { Module } from '@nestjs/common';
import { BackupClientModule } from '../backup-client/backup-client.module';
import { CatalogSyncModule } from '../catalog-sync/catalog-sync.module';
import { ExecutionsModule } from '../executions/executions.module';
import { FlowsModule } from '../flows/flows.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { MetricsController } from './metrics.controller';
import { ReadinessService } from './readiness.service';

/** What operators and orchestrators ask: /health, /health/live, /health/ready and /metrics. */
@Module({
  imports: [SchedulerModule, ExecutionsModule, FlowsModule, BackupClientModule, CatalogSyncModule],
  controllers: [HealthController, MetricsController],
  providers: [HealthService, ReadinessService],
})
export class HealthModule {}
