import { Module } from '@nestjs/common';
import { CatalogImportRepository } from './catalog-import.repository';
import { CatalogImporter } from './catalog-importer.service';
import { BackupRepositoryRepository } from './backup-repository.repository';
import { GroupMembershipRepository } from './group-membership.repository';
import { PolicyRepository } from './policy.repository';
import { ProtectionGroupRepository } from './protection-group.repository';
import { ScheduleRepository } from './schedule.repository';
import { VmContextRepository } from './vm-context.repository';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupPolicyEntity } from './backup-policy.entity';
import { BackupRepositoryEntity } from './backup-repository.entity';
import { GroupMembershipEntity } from './group-membership.entity';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';
import { ProtectionGroupEntity } from './protection-group.entity';
import { ProtectionGroupsService } from './protection-groups.service';
import { RepositoriesService } from './repositories.service';
import { ScheduleEntity } from './schedule.entity';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';
import { VmContextEntity } from './vm-context.entity';
import { VmContextsService } from './vm-contexts.service';

/** VM contexts, protection groups and memberships, schedules, repositories and policies. */
@Module({
  imports: [
    TypeOrmModule.forFeature([VmContextEntity, ProtectionGroupEntity, GroupMembershipEntity, ScheduleEntity, BackupRepositoryEntity, BackupPolicyEntity]),
  ],
  controllers: [SchedulesController, PoliciesController],
  providers: [
    VmContextRepository,
    ProtectionGroupRepository,
    GroupMembershipRepository,
    ScheduleRepository,
    BackupRepositoryRepository,
    PolicyRepository,
    VmContextsService,
    ProtectionGroupsService,
    SchedulesService,
    RepositoriesService,
    PoliciesService,
    CatalogImportRepository,
    CatalogImporter,
  ],
  exports: [CatalogImporter, VmContextsService, ProtectionGroupsService, SchedulesService, RepositoriesService, PoliciesService],
})
export class CatalogModule {}
