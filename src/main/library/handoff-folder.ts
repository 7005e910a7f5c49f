/**
 * @file A capped folder of files one stage leaves for a later one (the model inputs of
 * [Note: Model input handoff], the faces inputs of [Note: Faces input handoff]): files are
 * content-addressed by the photo's fingerprint, written atomically (a crash leaves the old file
 * or a stray .tmp, never half a file), counted once and then kept counted, so "is there room"
 * costs no listing per photo.
 */
import { mkdir, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class HandoffFolder {
  /** Files in the folder, counted once, then kept up to date by write/remove/forget. */
  #count: number | null = null;

  constructor(
    readonly dir: string,
    /** The extension of the folder's files (`.png`, `.jpg`): only those count. */
    private readonly extension: string,
    private readonly maxFiles: number,
  ) {}

  /** True while another file may be written. */
  async hasRoom(): Promise<boolean> {
    this.#count ??= (
      await readdir(this.dir, { recursive: true }).catch(() => [] as string[])
    ).filter((f) => f.endsWith(this.extension)).length;
    return this.#count < this.maxFiles;
  }

  /** The file of `fingerprint`, under the optional `group` sub-folder. */
  path(fingerprint: string, group?: string): string {
    const parts = group === undefined ? [this.dir] : [this.dir, group];
    return path.join(...parts, fingerprint.slice(0, 2), `${fingerprint}${this.extension}`);
  }

  /** Writes `bytes` to `file` (one of path()'s) atomically. */
  async write(file: string, bytes: Buffer): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${String(process.pid)}.tmp`;
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, file);
      if (this.#count !== null) this.#count++;
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  /** Removes these files; only those that were there count down. */
  async remove(files: readonly string[]): Promise<void> {
    const removed = await Promise.all(
      files.map((file) =>
        unlink(file).then(
          () => 1,
          (error: unknown) => {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
            throw error;
          },
        ),
      ),
    );
    if (this.#count !== null)
      this.#count = Math.max(0, this.#count - removed.reduce((a, b) => a + b, 0));
  }

  /** Removes the whole folder, or with `keep` every sub-folder but that one. */
  async clear(keep: string | null = null): Promise<void> {
    if (keep === null) {
      await rm(this.dir, { recursive: true, force: true });
      this.#count = 0;
      return;
    }
    const groups = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      groups
        .filter((g) => g !== keep)
        .map((g) => rm(path.join(this.dir, g), { recursive: true, force: true })),
    );
    this.#count = null;
  }
}
