import { RecordName, Description } from '../../common/field-rules';
import { JsonSetting } from '../../common/size-limits';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { CursorPaginationQuery } from '../../common/pagination.dto';
import { AcceptNumericString } from '../../common/validation';
import { DESTINATION_TYPES, DestinationType, FLOW_TYPES, FlowType, TARGET_TYPES, TargetType } from '../protection-flow.entity';

/** Present-but-null is a value here (it clears the field), so only undefined skips validation. */
const unlessUndefined = ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** The optional fields of a flow; on update, `null` clears them. */
class FlowOptionalFields {
  @ApiPropertyOptional({ type: String, nullable: true })
  @Description()
  description?: string | null;

  /** Required for backup flows. A numeric string ("3") is accepted too. */
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @AcceptNumericString()
  @IsInt()
  @Min(1)
  repository_id?: number | null;

  /** A numeric string ("3") is accepted too. */
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @AcceptNumericString()
  @IsInt()
  @Min(1)
  policy_id?: number | null;

  /** Without a schedule the flow runs only on demand. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  schedule_id?: string | null;

  /** Required for replication flows. */
  @ApiPropertyOptional({ enum: DESTINATION_TYPES, enumName: 'DestinationType', nullable: true })
  @IsOptional()
  @IsIn(DESTINATION_TYPES)
  destination_type?: DestinationType | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: {}, nullable: true })
  @IsOptional()
  @IsObject()
  @JsonSetting()
  destination_config?: Record<string, unknown> | null;
}

export class CreateFlowRequest extends FlowOptionalFields {
  @RecordName()
  name!: string;

  @ApiProperty({ enum: FLOW_TYPES, enumName: 'FlowType' })
  @IsIn(FLOW_TYPES)
  flow_type!: FlowType;

  @ApiProperty({ enum: TARGET_TYPES, enumName: 'TargetType' })
  @IsIn(TARGET_TYPES)
  target_type!: TargetType;

  /** A VM context id (target_type vm) or a protection group id (target_type group). */
  @IsString()
  @Length(1, 64)
  target_id!: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Any CreateFlowRequest field; `null` clears an optional one (and is refused for the others). */
export class UpdateFlowRequest extends FlowOptionalFields {
  @ApiPropertyOptional()
  @unlessUndefined
  @IsString()
  @Length(1, 255)
  name?: string;

  @ApiPropertyOptional({ enum: FLOW_TYPES, enumName: 'FlowType' })
  @unlessUndefined
  @IsIn(FLOW_TYPES)
  flow_type?: FlowType;

  @ApiPropertyOptional({ enum: TARGET_TYPES, enumName: 'TargetType' })
  @unlessUndefined
  @IsIn(TARGET_TYPES)
  target_type?: TargetType;

  @ApiPropertyOptional()
  @unlessUndefined
  @IsString()
  @Length(1, 64)
  target_id?: string;

  @ApiPropertyOptional()
  @unlessUndefined
  @IsBoolean()
  enabled?: boolean;
}

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class ListFlowsQuery extends CursorPaginationQuery {
  @ApiPropertyOptional({ enum: FLOW_TYPES, enumName: 'FlowType' })
  @IsOptional()
  @IsIn(FLOW_TYPES)
  flow_type?: FlowType;

  @ApiPropertyOptional({ enum: TARGET_TYPES, enumName: 'TargetType' })
  @IsOptional()
  @IsIn(TARGET_TYPES)
  target_type?: TargetType;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  enabled?: boolean;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  schedule_id?: string;

  /** Part of the flow name. */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  search?: string;

  /** true: only flows whose due occurrence has had no outcome for over 5 minutes; false: only the others. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
}

export class BulkFlowsRequest {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  flow_ids!: string[];
}

export class BulkError {
  flow_id!: string;
  error!: string;
}

export class BulkFlowsResponse {
  @ApiProperty({ enum: ['enable', 'disable', 'delete'], enumName: 'BulkAction' })
  action!: 'enable' | 'disable' | 'delete';
  requested!: number;
  successful!: number;
  failed!: number;
  errors!: BulkError[];
}
