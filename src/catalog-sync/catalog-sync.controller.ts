import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiError } from '../common/api-error';
import { ApiErrors } from '../common/api-docs';
import { AppConfig } from '../config/app-config';
import { CatalogSyncRepository } from './catalog-sync.repository';
import { CatalogSync } from './catalog-sync.service';
import { CatalogSyncResponse, CatalogSyncStatusResponse } from './dto/catalog-sync.dto';

/** The appliance's catalog in this engine (CATALOG_SOURCE=appliance): sync now, and the last sync. */
@ApiTags('catalog')
@Controller('catalog/sync')
export class CatalogSyncController {
  constructor(
    private readonly catalog: CatalogSync,
    private readonly syncs: CatalogSyncRepository,
    private readonly config: AppConfig,
  ) {}

  /** Reads the appliance's catalog now and applies the difference; answers what changed (or why nothing did). */
  @Post()
  @HttpCode(200)
  @ApiErrors(409, 503)
  async syncCatalog(): Promise<CatalogSyncResponse> {
    const sync = await this.catalog.sync('api');
    if (!sync) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'Another replica is syncing the catalog; try again in a few seconds');
    return sync;
  }

  /** Where the catalog comes from, the latest sync and when one last succeeded. */
  @Get()
  async getCatalogSync(): Promise<CatalogSyncStatusResponse> {
    const appliance = this.config.CATALOG_SOURCE === 'appliance';
    const [last, succeeded] = await Promise.all([this.syncs.latest(), this.syncs.latestSucceeded()]);
    return {
      source: this.config.CATALOG_SOURCE,
      interval_ms: appliance ? this.config.CATALOG_SYNC_INTERVAL_MS : null,
      last_sync: last,
      last_success_at: succeeded?.finished_at ?? null,
    };
  }
}
