import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { isValidTimezone } from './cron-schedule';

/** `?status=a,b` and `?status=a&status=b` alike: a list of the given values. */
export function EnumListQuery(values: readonly string[], enumName: string, description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: values, enumName, isArray: true, description: `${description} (repeat the parameter or separate by commas)` }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' || Array.isArray(value) ? splitList(value) : value)),
    IsArray(),
    ArrayMaxSize(values.length),
    IsIn(values, { each: true }),
  );
}

function splitList(value: string | unknown[]): unknown[] {
  const items = (Array.isArray(value) ? value : [value]).flatMap((item) => (typeof item === 'string' ? item.split(',').map((part) => part.trim()) : [item]));
  return [...new Set(items.filter((item) => item !== ''))];
}

/** `?enabled=true|false` as a boolean (a JSON body's booleans pass unchanged). */
export const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** `?tz=`: an IANA time zone name, optional. */
export function TimeZoneQuery(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, maxLength: 64, example: 'Europe/Berlin' }),
    IsOptional(),
    IsString(),
    MaxLength(64),
    ValidateBy({
      name: 'isTimeZone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidTimezone(value),
        defaultMessage: () => '$property must be an IANA time zone name such as Europe/Berlin',
      },
    }),
  );
}
