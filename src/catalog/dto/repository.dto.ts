import { ImportedRecordFields } from './imported-record.dto';
import { RecordName } from '../../common/field-rules';
import { JsonSetting } from '../../common/size-limits';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { REPOSITORY_TYPES, RepositoryType } from '../backup-repository.entity';

export class CreateRepositoryDto {
  @RecordName()
  name!: string;

  @ApiProperty({ enum: REPOSITORY_TYPES, enumName: 'RepositoryType' })
  @IsIn(REPOSITORY_TYPES)
  type!: RepositoryType;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Type-specific settings (path, bucket, share, …). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: {} })
  @IsOptional()
  @IsObject()
  @JsonSetting()
  config?: Record<string, unknown> | null;

  @IsOptional()
  @IsBoolean()
  is_immutable?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(36500)
  min_retention_days?: number;

  /** The backup system's own id for this repository (e.g. repo-nfs-1728…); required by BACKUP_API_KIND=sha. Unique. */
  @IsOptional()
  @IsString()
  @Length(1, 255)
  external_id?: string | null;
}

export class UpdateRepositoryDto extends PartialType(CreateRepositoryDto) {}

export class ListRepositoriesQuery extends PaginationQuery {}

export class RepositoryResponse extends ImportedRecordFields {
  id!: number;
  name!: string;
  @ApiProperty({ enum: REPOSITORY_TYPES, enumName: 'RepositoryType' })
  type!: RepositoryType;
  enabled!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: {}, nullable: true })
  config!: Record<string, unknown> | null;
  is_immutable!: boolean;
  min_retention_days!: number;
  /** The backup system's own id for this repository, when set. */
  @ApiProperty({ type: String, nullable: true })
  external_id!: string | null;
  created_at!: Date;
  updated_at!: Date;
}

export class RepositoryListResponse {
  repositories!: RepositoryResponse[];
  total!: number;
}
