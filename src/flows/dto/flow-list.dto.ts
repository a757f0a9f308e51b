import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { CursorPaginationQuery } from '../../common/pagination.dto';
import { toBoolean } from '../../common/query-lists';
import { FLOW_TYPES, FlowType, TARGET_TYPES, TargetType } from '../protection-flow.entity';

/** How a flow's last run ended, as the list filters it: `failed` is `error`, `never_run` a flow that has not run yet. */
export const LAST_RESULTS = ['failed', 'warning', 'success', 'cancelled', 'never_run'] as const;
export type LastResult = (typeof LAST_RESULTS)[number];
export const FLOW_SORTS = ['name', 'next_run', 'last_run', 'last_result'] as const;
export type FlowSort = (typeof FLOW_SORTS)[number];

/** Which flows: the list's filters, also usable as a bulk action's `match` (every flow they select). */
export class FlowFilters {
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

  /** How the flow's last run ended (`failed`: every VM failed; `warning`: some did; `never_run`: no run yet). */
  @ApiPropertyOptional({ enum: LAST_RESULTS, enumName: 'LastResult' })
  @IsOptional()
  @IsIn(LAST_RESULTS)
  last_result?: LastResult;
}

export class ListFlowsQuery extends IntersectionType(CursorPaginationQuery, FlowFilters) {
  /** The column to sort by (default name); flows without a next or last run come last either way. */
  @ApiPropertyOptional({ enum: FLOW_SORTS, enumName: 'FlowSort' })
  @IsOptional()
  @IsIn(FLOW_SORTS)
  sort?: FlowSort;

  /** asc (default) or desc; `last_result` ascending puts failed flows first. */
  @ApiPropertyOptional({ enum: ['asc', 'desc'], enumName: 'SortOrder' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

/** At most this many flows in one bulk action by `match`. */
export const MAX_BULK_MATCH = 10_000;

/** The flows to act on: by id (a selection), or every flow the list's filters select (`match`); one of the two. */
export class BulkFlowsRequest {
  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: 1000, description: 'The flows, by id (an id listed twice counts once)' })
  @ValidateIf((request: BulkFlowsRequest) => request.match === undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  flow_ids?: string[];

  /** Every flow these filters select (as GET /protection-flows would list them), up to 10,000. */
  @ApiPropertyOptional({ type: FlowFilters })
  @ValidateIf((request: BulkFlowsRequest) => request.flow_ids === undefined || request.match !== undefined)
  @ValidateNested()
  @Type(() => FlowFilters)
  match?: FlowFilters;
}

export class BulkError {
  flow_id!: string;
  /** The flow's name, when it still exists. */
  @ApiProperty({ type: String, nullable: true })
  flow_name!: string | null;
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
