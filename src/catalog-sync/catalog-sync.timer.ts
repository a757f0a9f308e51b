import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CatalogSync } from './catalog-sync.service';

/** Appliance mode: a sync at start, then every CATALOG_SYNC_INTERVAL_MS (a failed one is recorded and tried again next time). */
@Injectable()
export class CatalogSyncTimer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly catalog: CatalogSync,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.catalog.enabled) return;
    void this.catalog.sync('start');
    this.timer = setInterval(() => void this.catalog.sync('interval'), this.config.CATALOG_SYNC_INTERVAL_MS);
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
