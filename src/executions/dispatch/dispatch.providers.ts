import { Provider } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { DispatchBoard } from './dispatch-board';
import { ExecutionLeases } from './execution-leases.service';
import { ExecutionPlanner } from './execution-planner.service';
import { FlowDispatcher } from './flow-dispatcher.service';
import { JobStarter } from './job-starter.service';
import { JobTracker } from './job-tracker.service';
import { PendingRunStarter } from './pending-run.starter';
import { ReplicaLease } from './replica-lease';
import { RunNews } from './run-news';

/**
 * The replica's run engine: everything that drives runs on this replica. The DispatchBoard is
 * registered here and used only by this folder (npm run lint:deps checks it); the rest of the
 * module reaches the engine through FlowDispatcher (`begin`, `cancel`, `live`).
 */
export const DISPATCH_PROVIDERS: Provider[] = [
  { provide: DispatchBoard, inject: [AppConfig], useFactory: (config: AppConfig) => new DispatchBoard(config.ENGINE_MAX_CONCURRENT_JOBS) },
  ReplicaLease,
  RunNews,
  ExecutionPlanner,
  JobStarter,
  FlowDispatcher,
  JobTracker,
  PendingRunStarter,
  ExecutionLeases,
];
