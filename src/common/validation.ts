import { Transform } from 'class-transformer';
import { ArgumentMetadata, HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, FieldProblem } from './api-error';

/** Flattens nested class-validator errors into one problem list per dotted field path. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldProblem[] = error.constraints
      ? [{ field, problems: Object.entries(error.constraints).map(([rule, msg]) => describeRule(rule, msg, field)) }]
      : [];
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

function describeRule(rule: string, message: string, field: string): string {
  if (rule === 'whitelistValidation') return `${field} is not a known field`;
  return message;
}

/** A JSON array or scalar body would slip past class validation; a body must be an object. */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype) {
      // No body at all is an empty object (POST .../execute needs none); anything else must be an object.
      if (value === undefined) value = {};
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new ApiError(HttpStatus.BAD_REQUEST, 'Request body must be a JSON object');
      }
    }
    return super.transform(value, metadata);
  }
}

/** Global pipe: unknown fields are rejected, every failing field is reported at once. */
export function buildValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = toFieldProblems(errors);
      const fields = [...new Set(details.map((d) => d.field))];
      return new ApiError(HttpStatus.BAD_REQUEST, `Request is invalid: check ${fields.join(', ')}`, details);
    },
  });
}

/**
 * Integer ids in request bodies also come as numeric strings ("3") from GUI forms; those become
 * numbers before validation. Anything else is left as it is, so @IsInt still refuses it by name.
 */
export const AcceptNumericString = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : value));
