import { ImportedRecordFields } from '../../catalog/dto/imported-record.dto';
import { ApiProperty } from '@nestjs/swagger';
import { VmContextResponse, VmDiskDto } from '../../catalog/dto/vm-context.dto';
import { JobStatus, JOB_STATUSES } from '../../executions/execution-job.entity';

/** A protection group (the backup system's "machine group") with its members by state and its jobs in flight. */
export class ProtectionGroupResponse extends ImportedRecordFields {
  id!: string;
  name!: string;
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
  /** How many of its VMs may be backed up at once, across every flow on the group. */
  max_concurrent_vms!: number;
  priority!: number;
  created_by!: string;
  created_at!: Date;
  updated_at!: Date;
  total_vms!: number;
  enabled_vms!: number;
  disabled_vms!: number;
  /** Its VMs with a backup job starting or running now. */
  active_jobs!: number;
}

export class ProtectionGroupListResponse {
  groups!: ProtectionGroupResponse[];
  /** Every group, not just this page (the backup system's name for it). */
  total_count!: number;
  /** The same number, under this API's usual name. */
  total!: number;
}

/** One of the VM's backup jobs run by this engine. */
export class VmJobHistoryEntry {
  id!: string;
  execution_id!: string;
  @ApiProperty({ enum: ['full', 'incremental'], enumName: 'BackupType', nullable: true })
  backup_type!: 'full' | 'incremental' | null;
  @ApiProperty({ enum: JOB_STATUSES, enumName: 'JobStatus' })
  status!: JobStatus;
  @ApiProperty({ type: String, nullable: true })
  backup_job_id!: string | null;
  bytes_transferred!: number;
  @ApiProperty({ type: String, nullable: true })
  error_message!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  queued_at!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  started_at!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completed_at!: Date | null;
}

export class VmContextDetailResponse {
  context!: VmContextResponse;
  /** The VM's latest 20 backup jobs from this engine, newest first. */
  job_history!: VmJobHistoryEntry[];
  disks!: VmDiskDto[];
}
