import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MaxBytes, TEXT_COLUMN_BYTES } from './size-limits';

/** A record's name: 1 to 255 characters (a VARCHAR(255) column, unique per table). */
export const RecordName = (): PropertyDecorator => applyDecorators(ApiProperty({ type: String, minLength: 1, maxLength: 255 }), IsString(), Length(1, 255));

/** An optional free text, stored in a TEXT column (65,535 bytes of UTF-8). */
export const Description = (): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ type: String, nullable: true }), IsOptional(), IsString(), MaxBytes(TEXT_COLUMN_BYTES));

/** An optional ordering number; lower comes first. */
export const Priority = (): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ type: 'integer', minimum: -1_000_000, maximum: 1_000_000 }), IsOptional(), IsInt(), Min(-1_000_000), Max(1_000_000));
