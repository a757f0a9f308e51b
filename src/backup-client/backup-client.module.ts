import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EngineMetrics } from '../metrics/engine-metrics';
import { ApplianceCatalog, ApplianceCatalogSource, CatalogReadError } from './appliance-catalog.port';
import { BackupApi } from './backup-api.port';
import { EngineBackupApi } from './engine-backup-api';
import { HttpTransport } from './http-transport';
import { ShaApplianceCatalog } from './sha-appliance-catalog';
import { ShaBackupApi } from './sha-backup-api';
import { BackupSimulator } from './simulator/backup-simulator';
import { demoCatalog } from './simulator/sha-catalog';
import { ShaBackupSimulator } from './simulator/sha-simulator';

export const DEMO_SIMULATOR = Symbol('DEMO_SIMULATOR');

/** Where the backup API is and which kind it is (for health reports). */
export class BackupApiConnection {
  constructor(
    readonly kind: string,
    readonly url: string,
    /** True when it is the bundled simulator, started in-process because BACKUP_API_URL is unset. */
    readonly demo: boolean,
  ) {}
}

type DemoSimulator = BackupSimulator | ShaBackupSimulator;

/** The engine's own backup API contract has no catalog to import. */
class NoApplianceCatalog extends ApplianceCatalogSource {
  read(): Promise<ApplianceCatalog> {
    return Promise.reject(new CatalogReadError('the backup API kind "engine" has no catalog to import: CATALOG_SOURCE=appliance needs BACKUP_API_KIND=sha'));
  }
}

/** Stops the in-process simulator (demo mode) with the app. */
@Injectable()
class DemoSimulatorLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DEMO_SIMULATOR) private readonly simulator: DemoSimulator | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.simulator?.close();
  }
}

/** With no BACKUP_API_URL: the bundled simulator of the configured kind, in-process on a free port (demo mode). */
async function startDemoSimulator(config: AppConfig): Promise<DemoSimulator | null> {
  if (config.BACKUP_API_URL) return null;
  const simulator =
    config.BACKUP_API_KIND === 'sha'
      ? new ShaBackupSimulator(config.CATALOG_SOURCE === 'appliance' ? { catalog: demoCatalog() } : {})
      : new BackupSimulator({
          telemetryUrl: `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`,
          telemetryToken: config.API_TOKEN,
        });
  const url = await simulator.listen(0);
  new Logger('BackupClient').warn({ msg: 'demo mode: no BACKUP_API_URL, using the built-in backup API simulator', kind: config.BACKUP_API_KIND, url });
  return simulator;
}

/**
 * The only code that speaks HTTP to the backup API: one adapter per BACKUP_API_KIND behind the
 * BackupApi port (`engine`: the engine's own contract; `sha`: the SHA appliance's backup API).
 */
@Module({
  providers: [
    { provide: DEMO_SIMULATOR, inject: [AppConfig], useFactory: startDemoSimulator },
    {
      provide: HttpTransport,
      inject: [AppConfig, DEMO_SIMULATOR, EngineMetrics],
      useFactory: (config: AppConfig, simulator: DemoSimulator | null, metrics: EngineMetrics): HttpTransport => {
        const baseUrl = config.BACKUP_API_URL ?? simulator?.url;
        if (!baseUrl) throw new Error('backup API simulator did not start');
        return new HttpTransport({
          baseUrl,
          token: config.BACKUP_API_TOKEN,
          observe: (operation, status, seconds) => metrics.backupApiCall(operation, status, seconds),
        });
      },
    },
    {
      provide: BackupApi,
      inject: [AppConfig, HttpTransport],
      useFactory: (config: AppConfig, http: HttpTransport): BackupApi =>
        config.BACKUP_API_KIND === 'sha' ? new ShaBackupApi(http) : new EngineBackupApi(http),
    },
    {
      provide: ApplianceCatalogSource,
      inject: [AppConfig, HttpTransport],
      useFactory: (config: AppConfig, http: HttpTransport): ApplianceCatalogSource =>
        config.BACKUP_API_KIND === 'sha' ? new ShaApplianceCatalog(http) : new NoApplianceCatalog(),
    },
    {
      provide: BackupApiConnection,
      inject: [AppConfig, DEMO_SIMULATOR],
      useFactory: (config: AppConfig, simulator: DemoSimulator | null) =>
        new BackupApiConnection(config.BACKUP_API_KIND, config.BACKUP_API_URL ?? simulator?.url ?? '', simulator !== null),
    },
    DemoSimulatorLifecycle,
  ],
  exports: [BackupApi, BackupApiConnection, ApplianceCatalogSource],
})
export class BackupClientModule {}
