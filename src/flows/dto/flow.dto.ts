import { RecordName, Description } from '../../common/field-rules';
import { JsonSetting } from '../../common/size-limits';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Min, ValidateIf } from 'class-validator';
import { FieldProblem } from '../../common/api-error';
import { AcceptNumericString, CrossFieldRule } from '../../common/validation';
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

/** What a flow of each type needs besides the fields every flow has (checked again on the merged record on update). */
export function flowTypeProblems(flow: { flow_type?: unknown; repository_id?: unknown; destination_type?: unknown }): FieldProblem[] {
  if (flow.flow_type === 'backup' && flow.repository_id == null) return [{ field: 'repository_id', problems: ['Repository is required for a backup flow'] }];
  if (flow.flow_type === 'replication' && flow.destination_type == null)
    return [{ field: 'destination_type', problems: ['Destination type is required for a replication flow'] }];
  return [];
}

@CrossFieldRule(flowTypeProblems)
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
