import { RecordName, Description, Priority } from '../../common/field-rules';
import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';

export class CreateProtectionGroupDto {
  @RecordName()
  name!: string;

  @Description()
  description?: string | null;

  /** How many of the group's VMs may be backed up at once (not a cap on the group's size). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  max_concurrent_vms?: number;

  @Priority()
  priority?: number;
}

export class UpdateProtectionGroupDto extends PartialType(CreateProtectionGroupDto) {}

export class ListProtectionGroupsQuery extends PaginationQuery {}

/** A group's members, by state. */
export interface GroupMemberCounts {
  total_vms: number;
  enabled_vms: number;
  disabled_vms: number;
}

export class AddGroupMemberDto {
  @IsString()
  @Length(1, 64)
  vm_context_id!: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Lower runs first. */
  @Priority()
  priority?: number;
}

export class UpdateGroupMemberDto {
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @Priority()
  priority?: number;
}

export class ListGroupMembersQuery extends PaginationQuery {}

/** A membership row with the VM's details. */
export class GroupMemberResponse {
  id!: string;
  group_id!: string;
  vm_context_id!: string;
  enabled!: boolean;
  priority!: number;
  added_at!: Date;
  added_by!: string;
  vm_name!: string;
  vmware_vm_id!: string | null;
  vcenter_host!: string | null;
  datacenter!: string | null;
  cpu_count!: number | null;
  memory_mb!: number | null;
  os_type!: string | null;
  power_state!: string | null;
}

export class GroupMemberListResponse {
  vms!: GroupMemberResponse[];
  total!: number;
}

/** An enabled member as the backup system's GUI lists them (GET /vm-groups/{group_id}/members). */
export class VmGroupMember {
  context_id!: string;
  vm_name!: string;
  @ApiProperty({ type: Number, nullable: true })
  cpu_count!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  memory_mb!: number | null;
  @ApiProperty({ type: String, nullable: true })
  os_type!: string | null;
  @ApiProperty({ type: String, nullable: true })
  power_state!: string | null;
}

export class VmGroupMembersResponse {
  /** The group's enabled members, in the order a run takes them (member priority, then name). */
  members!: VmGroupMember[];
  count!: number;
}
