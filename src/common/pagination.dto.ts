import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { badRequest } from './api-error';
import { MAX_OFFSET } from './size-limits';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export class PaginationQuery {
  /** Page size (1–500). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number = DEFAULT_PAGE_SIZE;

  /** Rows to skip (at most 10,000,000; page deeper by cursor). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number = 0;
}

/** Paging by offset or, for long lists, by cursor (keyset): stays as fast on page 200 as on page 1. */
export class CursorPaginationQuery extends PaginationQuery {
  /** `next_cursor` of the previous page: the page after it (instead of `offset`). */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;
}

export interface Page {
  limit: number;
  offset: number;
  /** Set for keyset paging (then offset is 0). */
  cursor?: string;
}

export function pageOf(query: PaginationQuery & { cursor?: string }): Page {
  const offset = query.offset ?? 0;
  if (query.cursor !== undefined && offset > 0) throw badRequest('Give either cursor or offset, not both');
  return { limit: query.limit ?? DEFAULT_PAGE_SIZE, offset, cursor: query.cursor };
}
