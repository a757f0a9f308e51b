import { RecordName, Description } from '../../common/field-rules';
import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { COPY_MODES, CopyMode } from '../backup-policy.entity';

export class CopyRuleDto {
  @IsInt()
  @Min(1)
  destination_repository_id!: number;

  @ApiProperty({ enum: COPY_MODES, enumName: 'CopyMode' })
  @IsIn(COPY_MODES)
  copy_mode!: CopyMode;

  @IsBoolean()
  enabled!: boolean;
}

export class CreatePolicyDto {
  @RecordName()
  name!: string;

  @Description()
  description?: string | null;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36500)
  retention_days?: number;

  /** Copies of each backup to other repositories. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => CopyRuleDto)
  copy_rules?: CopyRuleDto[];
}

export class UpdatePolicyDto extends PartialType(CreatePolicyDto) {}

export class ListPoliciesQuery extends PaginationQuery {}

export class PolicyResponse {
  id!: number;
  name!: string;
  description!: string | null;
  enabled!: boolean;
  retention_days!: number;
  @ApiProperty({ type: [CopyRuleDto], nullable: true })
  copy_rules!: CopyRuleDto[] | null;
  created_at!: Date;
  updated_at!: Date;
}

export class PolicyListResponse {
  policies!: PolicyResponse[];
  total!: number;
}
