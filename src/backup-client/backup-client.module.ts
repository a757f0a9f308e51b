import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EngineMetrics } from '../metrics/engine-metrics';
import { BackupApi } from './backup-api.port';
import { EngineBackupApi } from './engine-backup-api';
import { HttpTransport } from './http-transport';
import { ShaBackupApi } from './sha-backup-api';
import { BackupSimulator } from './simulator/backup-simulator';
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
      ? new ShaBackupSimulator()
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
      provide: BackupApi,
      inject: [AppConfig, DEMO_SIMULATOR, EngineMetrics],
      useFactory: (config: AppConfig, simulator: DemoSimulator | null, metrics: EngineMetrics): BackupApi => {
        const baseUrl = config.BACKUP_API_URL ?? simulator?.url;
        if (!baseUrl) throw new Error('backup API simulator did not start');
        const http = new HttpTransport({
          baseUrl,
          token: config.BACKUP_API_TOKEN,
          observe: (operation, status, seconds) => metrics.backupApiCall(operation, status, seconds),
        });
        return config.BACKUP_API_KIND === 'sha' ? new ShaBackupApi(http) : new EngineBackupApi(http);
      },
    },
    {
      provide: BackupApiConnection,
      inject: [AppConfig, DEMO_SIMULATOR],
      useFactory: (config: AppConfig, simulator: DemoSimulator | null) =>
        new BackupApiConnection(config.BACKUP_API_KIND, config.BACKUP_API_URL ?? simulator?.url ?? '', simulator !== null),
    },
    DemoSimulatorLifecycle,
  ],
  exports: [BackupApi, BackupApiConnection],
})
export class BackupClientModule {}
