import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { BackupApi } from './backup-api.port';
import { HttpBackupApi } from './http-backup-api';
import { BackupSimulator } from './simulator/backup-simulator';

export const DEMO_SIMULATOR = Symbol('DEMO_SIMULATOR');

/** Stops the in-process simulator (demo mode) with the app. */
@Injectable()
class DemoSimulatorLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DEMO_SIMULATOR) private readonly simulator: BackupSimulator | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.simulator?.close();
  }
}

/**
 * The only code that speaks HTTP to the backup API. With no BACKUP_API_URL the engine starts the
 * bundled simulator in-process on a free port (demo mode) and talks to it over real HTTP.
 */
@Module({
  providers: [
    {
      provide: DEMO_SIMULATOR,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<BackupSimulator | null> => {
        if (config.BACKUP_API_URL) return null;
        const simulator = new BackupSimulator({
          telemetryUrl: `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`,
          telemetryToken: config.API_TOKEN,
        });
        const url = await simulator.listen(0);
        new Logger('BackupClient').warn({ msg: 'demo mode: no BACKUP_API_URL, using the built-in backup API simulator', url });
        return simulator;
      },
    },
    {
      provide: BackupApi,
      inject: [AppConfig, DEMO_SIMULATOR],
      useFactory: (config: AppConfig, simulator: BackupSimulator | null): BackupApi => {
        const baseUrl = config.BACKUP_API_URL ?? simulatorUrl(simulator);
        return new HttpBackupApi({ baseUrl, token: config.BACKUP_API_TOKEN });
      },
    },
    DemoSimulatorLifecycle,
  ],
  exports: [BackupApi],
})
export class BackupClientModule {}

function simulatorUrl(simulator: BackupSimulator | null): string {
  const url = simulator?.url;
  if (!url) throw new Error('backup API simulator did not start');
  return url;
}
