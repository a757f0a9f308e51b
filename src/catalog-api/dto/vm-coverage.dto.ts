import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListVmContextsQuery, VmContextResponse } from '../../catalog/dto/vm-context.dto';

export const PROTECTIONS = ['protected', 'unprotected', 'stale'] as const;

export class ListCoveredVmContextsQuery extends ListVmContextsQuery {
  /** `unprotected`: no enabled backup flow covers the VM; `stale`: one does, but its last backup is older than the schedule allows; `protected`: covered and not stale. */
  @ApiPropertyOptional({ enum: PROTECTIONS, enumName: 'VmProtection' })
  @IsOptional()
  @IsIn(PROTECTIONS)
  protection?: (typeof PROTECTIONS)[number];
}

export class FlowRef {
  id!: string;
  name!: string;
}

/** Whether the flows keep the VM backed up. */
export class VmCoverage {
  @ApiProperty({ enum: PROTECTIONS, enumName: 'VmProtection' })
  protection!: (typeof PROTECTIONS)[number];
  /** When its last successful backup by this engine finished; null if never. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_backup_at!: Date | null;
  /** The enabled backup flows covering it (directly, or through a group it is an enabled member of), by name. */
  protected_by!: FlowRef[];
}

export class CoveredVmContextResponse extends VmContextResponse {
  coverage!: VmCoverage;
}

export class VmContextListResponse {
  vm_contexts!: CoveredVmContextResponse[];
  total!: number;
}
