import { ApiProperty } from '@nestjs/swagger';

export class ResolvedVm {
  context_id!: string;
  vm_name!: string;
  @ApiProperty({ enum: ['full', 'incremental'], enumName: 'BackupType' })
  backup_type!: 'full' | 'incremental';
}

/** The dry run: what a run would do now, and whether execute would accept it. */
export class FlowTestResponse {
  /** False exactly when POST …/execute would refuse the flow now; `errors` says why (the same sentences). */
  valid!: boolean;
  errors!: string[];
  warnings!: string[];
  resolved_vms!: ResolvedVm[];
  next_runs!: string[];
}
