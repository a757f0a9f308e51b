import { BackupPolicyEntity } from './catalog/backup-policy.entity';
import { BackupRepositoryEntity } from './catalog/backup-repository.entity';
import { GroupMembershipEntity } from './catalog/group-membership.entity';
import { ProtectionGroupEntity } from './catalog/protection-group.entity';
import { ScheduleEntity } from './catalog/schedule.entity';
import { VmContextEntity } from './catalog/vm-context.entity';
import { ExecutionEventEntity } from './executions/execution-event.entity';
import { ExecutionJobEntity } from './executions/execution-job.entity';
import { FlowExecutionEntity } from './executions/flow-execution.entity';
import { ProtectionFlowEntity } from './flows/protection-flow.entity';
import { ScheduleExecutionEntity } from './scheduler/schedule-execution.entity';
import { InitialSchema1764400000000 } from '../migrations/1764400000000-InitialSchema';
import { ExecutionLeases1764500000000 } from '../migrations/1764500000000-ExecutionLeases';
import { RunSemantics1764600000000 } from '../migrations/1764600000000-RunSemantics';
import { ChangeStream1764700000000 } from '../migrations/1764700000000-ChangeStream';
import { RepositoryExternalId1764800000000 } from '../migrations/1764800000000-RepositoryExternalId';
import { Notifications1764900000000 } from '../migrations/1764900000000-Notifications';
import { SchedulerIndexes1765000000000 } from '../migrations/1765000000000-SchedulerIndexes';
import { FlowNotices1765100000000 } from '../migrations/1765100000000-FlowNotices';
import { CatalogSync1765200000000 } from '../migrations/1765200000000-CatalogSync';
import { OperatorConsole1765300000000 } from '../migrations/1765300000000-OperatorConsole';
import { SchedulerShares1765400000000 } from '../migrations/1765400000000-SchedulerShares';
import { CatalogSyncEntity } from './catalog-sync/catalog-sync.entity';
import { NotificationDeliveryEntity, NotificationTargetEntity } from './notifications/notification.entities';
import { ChangeEventEntity } from './live/change-event.entity';

import type { DatabaseSchema } from './database/data-source-options';

/**
 * The composition root of the schema: every module's entities and every migration, listed here
 * (beside app.module.ts) so that the database module knows no feature module. Explicit lists (no
 * globs) so ts-jest, ts-node and the compiled build load the same classes.
 */
const ENTITIES = [
  VmContextEntity,
  ProtectionGroupEntity,
  GroupMembershipEntity,
  ScheduleEntity,
  BackupRepositoryEntity,
  BackupPolicyEntity,
  ProtectionFlowEntity,
  ScheduleExecutionEntity,
  FlowExecutionEntity,
  ExecutionJobEntity,
  ExecutionEventEntity,
  ChangeEventEntity,
  NotificationTargetEntity,
  NotificationDeliveryEntity,
  CatalogSyncEntity,
];

const MIGRATIONS = [
  InitialSchema1764400000000,
  ExecutionLeases1764500000000,
  RunSemantics1764600000000,
  ChangeStream1764700000000,
  RepositoryExternalId1764800000000,
  Notifications1764900000000,
  SchedulerIndexes1765000000000,
  FlowNotices1765100000000,
  CatalogSync1765200000000,
  OperatorConsole1765300000000,
  SchedulerShares1765400000000,
];

export const APP_SCHEMA: DatabaseSchema = { entities: ENTITIES, migrations: MIGRATIONS };
