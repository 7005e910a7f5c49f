/**
 * @file One pass over a watched folder: finds photos (by content as well as by extension),
 * records new, moved and changed files, reports bad ones, and marks vanished files missing.
 * Unchanged files (same size and modification time) cost one lookup, no read.
 */
import { open, stat } from 'node:fs/promises';
import { fingerprintFile } from './fingerprint';
import { classifyByName, sniffBytes, sniffFormat, type PhotoFormat } from './image-format';
import type { ProblemCode } from './ingest-problem';
import type { FolderRow } from './folder-store';
import type { LibraryStore } from './library-store';
import { walkFolder } from './walk-folder';
import { isOutOfSpace } from '../out-of-space';

export interface ScanStats {
  seen: number;
  added: number;
  updated: number;
  missing: number;
  problems: number;
  /** Fingerprints whose thumbnails no photo uses any more. */
  staleFingerprints: string[];
}

export interface ScanContext {
  store: LibraryStore;
  /** Directories never scanned (the app's data directory). */
  skipDirs: ReadonlySet<string>;
  onFile?: (stats: ScanStats) => void;
  /** Checked between files; a stopped scan marks nothing missing. */
  shouldStop?: () => boolean;
}

const fsReason: Record<string, [ProblemCode, string]> = {
  EACCES: ['unreadable', 'Permission denied: Fotoglot cannot read this file.'],
  EPERM: ['unreadable', 'Permission denied: Fotoglot cannot read this file.'],
  EISDIR: ['unreadable', 'This is a folder, not a file.'],
  EIO: ['unreadable', 'The disk reported a read error for this file.'],
};

/** Looks at one file and records what it is. Used by the scan and by the watcher. */
export async function processPath(
  store: LibraryStore,
  folder: FolderRow,
  file: string,
  generation: number,
  stats: ScanStats,
): Promise<void> {
  stats.seen++;
  const byName = classifyByName(file);
  if (byName.kind === 'ignored') return;
  if (byName.kind === 'unsupported') {
    store.recordProblem(
      folder.id,
      file,
      'unsupported',
      `${byName.format} files are not supported.`,
    );
    stats.problems++;
    return;
  }
  const problem = (code: ProblemCode, reason: string) => {
    store.recordProblem(folder.id, file, code, reason);
    stats.problems++;
  };
  try {
    const info = await stat(file);
    if (!info.isFile()) return;
    const existing = store.fileByPath(file);
    if (
      existing?.photoId != null &&
      existing.size === info.size &&
      existing.mtimeMs === Math.trunc(info.mtimeMs)
    ) {
      store.markSeen(existing.id, generation);
      return;
    }
    if (info.size === 0) {
      if (byName.kind === 'image') problem('empty', 'The file is empty (0 bytes).');
      return;
    }
    const handle = await open(file, 'r');
    let format: PhotoFormat | null;
    let fingerprint: string;
    try {
      const head = Buffer.alloc(sniffBytes);
      const { bytesRead } = await handle.read(head, 0, sniffBytes, 0);
      format = sniffFormat(head.subarray(0, bytesRead), file);
      if (!format) {
        if (byName.kind === 'image')
          problem(
            'not-an-image',
            'The content is not an image in any supported format (damaged, or a different kind of file).',
          );
        return;
      }
      fingerprint = await fingerprintFile(handle, info.size);
    } finally {
      await handle.close();
    }
    const recorded = store.recordFile({
      path: file,
      folderId: folder.id,
      size: info.size,
      mtimeMs: Math.trunc(info.mtimeMs),
      fingerprint,
      format,
      generation,
    });
    if (existing) stats.updated++;
    else stats.added++;
    if (recorded.staleFingerprint) stats.staleFingerprints.push(recorded.staleFingerprint);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT') return; // gone between listing and reading: the watcher or next scan handles it
    // The database or disk is full: the machine's problem, not the file's ([Note: Disk full]).
    if (isOutOfSpace(error)) throw error;
    const [problemCode, reason] = fsReason[code] ?? [
      'unreadable',
      `The file cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    ];
    problem(problemCode, reason);
  }
}

export function emptyScanStats(): ScanStats {
  return { seen: 0, added: 0, updated: 0, missing: 0, problems: 0, staleFingerprints: [] };
}

/** Scans `folder` completely. */
export async function scanFolder(folder: FolderRow, ctx: ScanContext): Promise<ScanStats> {
  const startedAt = new Date().toISOString();
  const generation = folder.scanGeneration + 1;
  const stats = emptyScanStats();
  try {
    if (!(await stat(folder.path)).isDirectory()) throw new Error('not a folder');
  } catch {
    // An unplugged drive or a deleted folder: report it, but do not mark every photo missing.
    ctx.store.recordProblem(
      folder.id,
      folder.path,
      'unreadable',
      'The folder cannot be opened (disconnected drive, or moved or deleted folder).',
    );
    stats.problems++;
    return stats;
  }
  for await (const entry of walkFolder(folder.path, ctx.skipDirs)) {
    if (ctx.shouldStop?.()) return stats;
    switch (entry.kind) {
      case 'file':
        await processPath(ctx.store, folder, entry.path, generation, stats);
        break;
      case 'bad-name':
        ctx.store.recordProblem(
          folder.id,
          entry.path,
          'bad-name',
          'The file name is not valid UTF-8; rename the file to include it.',
        );
        stats.problems++;
        break;
      case 'unreadable-dir':
        ctx.store.recordProblem(
          folder.id,
          entry.path,
          'unreadable',
          `This folder cannot be read (${entry.reason}).`,
        );
        stats.problems++;
        break;
    }
    ctx.onFile?.(stats);
  }
  stats.missing = ctx.store.finishScan(folder.id, generation);
  ctx.store.clearStaleProblems(folder.id, startedAt);
  return stats;
}
