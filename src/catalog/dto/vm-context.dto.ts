import { ImportedRecordFields } from './imported-record.dto';
import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNumber, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';

export class VmDiskDto {
  @IsString()
  @Length(1, 255)
  disk_id!: string;

  @IsNumber()
  @Min(0)
  size_gb!: number;
}

export class CreateVmContextDto {
  /** Optional: generated when omitted. */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  context_id?: string;

  @IsString()
  @Length(1, 255)
  vm_name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  vmware_vm_id?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  vm_path?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  vcenter_host?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  datacenter?: string | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4096)
  cpu_count?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  memory_mb?: number | null;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  os_type?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  power_state?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(256)
  @ValidateNested({ each: true })
  @Type(() => VmDiskDto)
  disks?: VmDiskDto[];
}

export class UpdateVmContextDto extends PartialType(OmitType(CreateVmContextDto, ['context_id'] as const)) {}

export class ListVmContextsQuery extends PaginationQuery {
  /** Case-insensitive part of the VM name. */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  search?: string;
}

export class VmContextResponse extends ImportedRecordFields {
  context_id!: string;
  vm_name!: string;
  vmware_vm_id!: string | null;
  vm_path!: string | null;
  vcenter_host!: string | null;
  datacenter!: string | null;
  cpu_count!: number | null;
  memory_mb!: number | null;
  os_type!: string | null;
  power_state!: string | null;
  @ApiProperty({ type: [VmDiskDto], nullable: true })
  disks!: VmDiskDto[] | null;
  created_at!: Date;
  updated_at!: Date;
}

export class VmDisksResponse {
  disks!: VmDiskDto[];
  count!: number;
}
