import { Transform } from 'class-transformer';
import { ArgumentMetadata, HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, FieldProblem } from './api-error';
import { problemForPeople } from './field-labels';

/** Flattens nested class-validator errors into one problem list per dotted field path, in words for people. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const problems = Object.entries(error.constraints ?? {}).map(([rule, msg]) =>
      rule === 'whitelistValidation' ? `${field} is not a known field; remove it` : problemForPeople(field, error.property, msg),
    );
    // A missing value fails every rule of its field; "is required" says all there is to say.
    const required = problems.filter((p) => p.endsWith(' is required'));
    const own: FieldProblem[] = problems.length ? [{ field, problems: required.length ? required.slice(0, 1) : problems }] : [];
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

/** One sentence naming every problem, so a form learns all of them at once. */
export function invalidRequest(details: FieldProblem[]): ApiError {
  const all = details.flatMap((d) => d.problems);
  return new ApiError(HttpStatus.BAD_REQUEST, `Please correct ${all.length === 1 ? 'this' : `these ${all.length} problems`}: ${all.join('; ')}`, details);
}

type CrossFieldCheck = (body: Record<string, unknown>) => FieldProblem[];
const crossFieldChecks = new WeakMap<object, CrossFieldCheck[]>();

/** Rules between fields of a request body (a backup flow needs a repository), reported with the per-field ones in one answer. */
export function CrossFieldRule(check: CrossFieldCheck): ClassDecorator {
  return (target) => {
    crossFieldChecks.set(target, [...(crossFieldChecks.get(target) ?? []), check]);
  };
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
    const checks = metadata.metatype ? (crossFieldChecks.get(metadata.metatype) ?? []) : [];
    const crossField = checks.flatMap((check) => check(value as Record<string, unknown>));
    let transformed: unknown;
    try {
      transformed = await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof ApiError && crossField.length > 0) throw invalidRequest([...err.details, ...crossField]);
      throw err;
    }
    if (crossField.length > 0) throw invalidRequest(crossField);
    return transformed;
  }
}

/** Global pipe: unknown fields are rejected, every failing field is reported at once. */
export function buildValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidRequest(toFieldProblems(errors)),
  });
}

/**
 * Integer ids in request bodies also come as numeric strings ("3") from GUI forms; those become
 * numbers before validation. Anything else is left as it is, so @IsInt still refuses it by name.
 */
export const AcceptNumericString = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : value));
