import { ValidateBy, ValidationOptions } from 'class-validator';

/** A TEXT column holds 65,535 bytes; utf8mb4 characters take up to 4 of them. */
export const TEXT_COLUMN_BYTES = 65_535;
/** Rows to skip at most: deeper pages go by cursor (and a bigger number would not fit the SQL). */
export const MAX_OFFSET = 10_000_000;
/** MariaDB refuses JSON nested deeper than 32 levels; settings need far fewer. */
export const MAX_JSON_DEPTH = 16;
export const MAX_JSON_BYTES = 64 * 1024;

/** A string whose UTF-8 encoding fits `max` bytes (what a TEXT column counts, not characters). */
export function MaxBytes(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxBytes',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || Buffer.byteLength(value, 'utf8') <= max,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be at most ${max.toLocaleString('en-US')} bytes long in UTF-8 (about ${Math.floor(max / 4).toLocaleString('en-US')} emoji or ${max.toLocaleString('en-US')} plain letters)`,
      },
    },
    options,
  );
}

/** Nesting depth of a parsed JSON value (iterative: a hostile document cannot exhaust the stack). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(node as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** A free-form JSON setting stored in a JSON column: at most MAX_JSON_DEPTH levels and MAX_JSON_BYTES. */
export function JsonSetting(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'jsonSetting',
      validator: {
        validate: (value: unknown) =>
          value === null || value === undefined || (jsonDepth(value) <= MAX_JSON_DEPTH && Buffer.byteLength(JSON.stringify(value)) <= MAX_JSON_BYTES),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be nested at most ${MAX_JSON_DEPTH} levels deep and be at most ${MAX_JSON_BYTES / 1024} KiB of JSON`,
      },
    },
    options,
  );
}
