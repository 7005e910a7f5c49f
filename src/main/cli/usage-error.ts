/** @file An error in how the command was called (exit code 2), as opposed to a failure (1). */
export class UsageError extends Error {
  override name = 'UsageError';
}
