import { Global, Module } from '@nestjs/common';
import { EngineMetrics } from './engine-metrics';
import { ExecutionMetricsListener } from './execution-metrics.listener';

/** Infrastructure: the metrics registry, available to every module (like configuration and the database). */
@Global()
@Module({
  providers: [EngineMetrics, ExecutionMetricsListener],
  exports: [EngineMetrics],
})
export class MetricsModule {}
