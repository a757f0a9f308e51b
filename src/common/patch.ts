/**
 * Copies the fields a partial update actually sent: undefined means "not sent" and leaves the
 * record alone, null means "clear it".
 */
export function applyPatch<T extends object>(record: T, patch: object): T {
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) (record as Record<string, unknown>)[key] = value;
  }
  return record;
}
