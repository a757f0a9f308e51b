/** An error's message for a log line or a record (`error_message`), whatever was thrown. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
