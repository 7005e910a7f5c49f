/**
 * @file Global error policy for Node-side processes (§5.7): an unexpected error is logged
 * with its process name; the process then exits non-zero, because state after an unknown
 * failure cannot be trusted and every long job resumes from the database on restart.
 */

/** Installs uncaughtException/unhandledRejection handlers once per process. */
export function installProcessErrorHandlers(
  processName: string,
  onFatal?: (error: unknown) => void,
): void {
  const fatal = (kind: string) => (error: unknown) => {
    console.error(`[${processName}] ${kind}:`, error);
    try {
      onFatal?.(error);
    } finally {
      process.exitCode = 1;
      process.exit(1);
    }
  };
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled rejection'));
}
