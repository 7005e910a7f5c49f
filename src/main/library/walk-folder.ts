/**
 * @file Streams the files under a folder, one directory listing in memory at a time.
 * Names are read as bytes, so a name that is not valid UTF-8 is reported instead of being
 * silently mangled into a path that cannot be opened. Symbolic links are not followed
 * (they would let a scan loop or leave the library).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export type WalkEntry =
  | { kind: 'file'; path: string }
  | { kind: 'bad-name'; path: string }
  | { kind: 'unreadable-dir'; path: string; reason: string };

/** Folders no one keeps photos in: OS/NAS metadata, trash, caches. */
const systemFolderNames = new Set([
  '$recycle.bin',
  'system volume information',
  '@eadir', // Synology thumbnails
  '#recycle',
  '#snapshot',
  '.@__thumb', // QNAP
  'lost+found',
  'node_modules',
  '__macosx',
]);

/** Hidden (dot) and system folders are skipped. */
export function isSkippedDirName(name: string): boolean {
  return name.startsWith('.') || systemFolderNames.has(name.toLowerCase());
}

export async function* walkFolder(
  root: string,
  skipDirs: ReadonlySet<string>,
): AsyncGenerator<WalkEntry> {
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() ?? root;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      yield {
        kind: 'unreadable-dir',
        path: dir,
        reason: (error as NodeJS.ErrnoException).code ?? String(error),
      };
      continue;
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      const raw = entry.name;
      const name = raw.toString('utf8');
      const full = path.join(dir, name);
      if (!Buffer.from(name, 'utf8').equals(raw)) {
        if (entry.isFile()) yield { kind: 'bad-name', path: full };
        continue;
      }
      if (entry.isDirectory()) {
        if (!isSkippedDirName(name) && !skipDirs.has(full)) subdirs.push(full);
      } else if (entry.isFile() && !name.startsWith('.')) {
        yield { kind: 'file', path: full };
      }
    }
    // Depth-first in name order, so progress through a tree is predictable.
    subdirs.sort().reverse();
    pending.push(...subdirs);
  }
}
