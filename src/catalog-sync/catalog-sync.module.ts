import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupClientModule } from '../backup-client/backup-client.module';
import { CatalogModule } from '../catalog/catalog.module';
import { ExecutionsModule } from '../executions/executions.module';
import { FlowsModule } from '../flows/flows.module';
import { CatalogSyncController } from './catalog-sync.controller';
import { CatalogSyncEntity } from './catalog-sync.entity';
import { CatalogSyncRepository } from './catalog-sync.repository';
import { CatalogSync } from './catalog-sync.service';
import { CatalogSyncTimer } from './catalog-sync.timer';

/**
 * Appliance mode (CATALOG_SOURCE=appliance): VM contexts, groups with their members and repositories
 * come from the Sendense appliance, read at start, on a timer and on request, applied by the catalog.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CatalogSyncEntity]), CatalogModule, FlowsModule, ExecutionsModule, BackupClientModule],
  controllers: [CatalogSyncController],
  providers: [CatalogSyncRepository, CatalogSync, CatalogSyncTimer],
  exports: [CatalogSync, CatalogSyncRepository],
})
export class CatalogSyncModule {}
