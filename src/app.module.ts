import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CatalogModule } from './catalog/catalog.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { BearerTokenGuard } from './common/auth.guard';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ExecutionsModule } from './executions/executions.module';
import { FlowsModule } from './flows/flows.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { OverviewModule } from './overview/overview.module';
import { SchedulerModule } from './scheduler/scheduler.module';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      // OverviewModule comes before FlowsModule so that GET /protection-flows/summary is routed before /:id.
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        EventsModule,
        OverviewModule,
        CatalogModule,
        FlowsModule,
        ExecutionsModule,
        SchedulerModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: BearerTokenGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
