/**
 * @file Faces inputs made at ingest and handed to the faces stage: one JPEG per photo, removed
 * once the photo's faces are stored. See [Note: Faces input handoff].
 *
 * [Note: Faces input handoff]
 * The faces stage first looks for faces in a small copy of the photo, upright, at up to 512 px
 * ([Note: Faces stage]); decoding a 12-MP JPEG again for that costs 30–70 ms (shrink-on-load),
 * most of the stage's core time on a photo without faces. Ingest has the photo open and, on a
 * CPU, spare cores while the embedding stage is the bottleneck, so it renders that detection
 * input there and leaves it here for the faces stage, which runs after embedding and reads it
 * back in a few ms. The stage stays a separate stage with its own jobs: this folder only saves
 * it work. The input is a JPEG at quality 92 (24 KB at 512 px for a 12-MP photo of noise, a few ms to encode and to
 * decode): the face models were trained on JPEG photos and do not care about that loss. So
 * that a photo's faces never depend on which path its pixels took, the stage's own fallback
 * (no file here: the cap was reached, the models were missing at ingest, an older library)
 * renders the same JPEG and decodes it, so both paths give the detector the same bytes (a
 * 2048 px input an older version left is shrunk to 512 px on reading). The folder is capped
 * (`maxFiles`, about 0.4 GB): the faces stage runs after embedding, so on a big first import
 * most photos wait here for hours; past the cap ingest stops rendering and the stage decodes
 * those photos itself (slower, never different). Files are content-addressed like thumbnails
 * and written atomically; when the stage finds no work left it clears what a kill left behind.
 */
import { mkdir, readFile, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Inputs kept at most: about 0.4 GB at 512 px. */
const defaultMaxFiles = 8000;

export class FaceInputCache {
  /** Files in the folder, counted once, then kept up to date by write/remove/clear. */
  #count: number | null = null;

  constructor(
    private readonly dir: string,
    private readonly maxFiles = defaultMaxFiles,
  ) {}

  /** True while another input may be written (see the cap in [Note: Faces input handoff]). */
  async hasRoom(): Promise<boolean> {
    this.#count ??= (
      await readdir(this.dir, { recursive: true }).catch(() => [] as string[])
    ).filter((f) => f.endsWith('.jpg')).length;
    return this.#count < this.maxFiles;
  }

  /** Where the input of the photo with `fingerprint` lives. */
  path(fingerprint: string): string {
    return path.join(this.dir, fingerprint.slice(0, 2), `${fingerprint}.jpg`);
  }

  /** Stores a photo's input; a crash leaves no file or a stray .tmp, never half a JPEG. */
  async write(fingerprint: string, jpeg: Buffer): Promise<void> {
    const file = this.path(fingerprint);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${String(process.pid)}.tmp`;
    try {
      await writeFile(tmp, jpeg);
      await rename(tmp, file);
      if (this.#count !== null) this.#count++;
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  /** The stored input, or null when there is none. */
  async read(fingerprint: string): Promise<Buffer | null> {
    return readFile(this.path(fingerprint)).catch(() => null);
  }

  /** Forgets a photo's input once its faces are stored. */
  async remove(fingerprint: string): Promise<void> {
    try {
      await unlink(this.path(fingerprint));
      if (this.#count !== null) this.#count = Math.max(0, this.#count - 1);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** Removes every input (no faces job is left, so what remains was left by a kill). */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    this.#count = 0;
  }
}
