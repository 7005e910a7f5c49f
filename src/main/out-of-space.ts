/**
 * @file Telling "the disk is full" apart from "this photo is bad".
 *
 * [Note: Disk full]
 * A full disk is the machine's problem, not a photo's: a thumbnail that cannot be written or
 * a row SQLite cannot append must not turn the photo into a problem file, or the user would
 * see hundreds of healthy photos listed as broken and never retried. Whoever catches an
 * out-of-space error therefore stops its queue with the job still pending and throws
 * `OutOfSpace`; the CLI prints it, the app shows it and retries when space comes back
 * (library/disk-full-stall.ts). SQLite rolls back the transaction that failed, so the
 * database stays consistent; temp files of the failed write are removed.
 */
import { statfs } from 'node:fs/promises';
import { AppFailure } from '../shared/result';

const outOfSpaceCodes = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

/** True for errors that mean the disk (or the user's quota) is full. */
export function isOutOfSpace(error: unknown): boolean {
  if (error instanceof OutOfSpace) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && outOfSpaceCodes.has(code);
}

/** Free bytes for this user on the disk holding `dir`; null when it cannot be asked. */
export async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export const megabytes = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

/** The disk holding `dir` is full; the work that hit it was kept to be done again. */
export class OutOfSpace extends AppFailure {
  constructor(
    readonly dir: string,
    readonly free: number | null,
    doing: string,
    then: string,
  ) {
    super(
      'unavailable',
      `The disk holding ${dir} is full${free === null ? '' : ` (${megabytes(free)} free)`} while ${doing}. Free some space, then ${then}; nothing was lost.`,
    );
    this.name = 'OutOfSpace';
  }

  /** Describes `dir`'s disk now. */
  static async at(dir: string, doing: string, then: string): Promise<OutOfSpace> {
    return new OutOfSpace(dir, await freeBytes(dir), doing, then);
  }
}
