import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { APP_SCHEMA } from './app.schema';
import { CatalogModule } from './catalog/catalog.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { BearerTokenGuard } from './security/bearer-token.guard';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ExecutionsModule } from './executions/executions.module';
import { FlowsModule } from './flows/flows.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { LiveModule } from './live/live.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { CatalogApiModule } from './catalog-api/catalog-api.module';
import { CatalogSyncModule } from './catalog-sync/catalog-sync.module';
import { FlowsApiModule } from './flows-api/flows-api.module';
import { ReportsApiModule } from './reports-api/reports-api.module';
import { SchedulerModule } from './scheduler/scheduler.module';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        MetricsModule,
        DatabaseModule.forRoot(APP_SCHEMA),
        EventsModule,
        CatalogModule,
        FlowsModule,
        ExecutionsModule,
        SchedulerModule,
        FlowsApiModule,
        CatalogApiModule,
        ReportsApiModule,
        CatalogSyncModule,
        HealthModule,
        LiveModule,
        NotificationsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: BearerTokenGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
