/**
 * @file Model inputs made at ingest and handed to the embedding stage: lossless size×size RGB
 * files per (geometry, photo), removed once the photo's vector is stored.
 *
 * [Note: Model input handoff]
 * The model must see the original's pixels as open_clip resized them ([Note: Model input
 * pixels]); the 256 px WebP grid thumbnail is 3–7 levels off. Ingest already has the photo
 * open, so it renders the active model's input there (decode once) and leaves it here,
 * losslessly, for the embedding stage, which may run much later (embedding is the slow stage
 * on a CPU). Each file is removed as soon as its vector is stored, so the folder holds only
 * the photos waiting to be embedded (about 70–140 KB each at 256 px, PNG at zlib level 1:
 * lossless and the fastest to write; WebP lossless is half the size but 15–35 ms slower per
 * photo). On a CPU, ingest runs far ahead of embedding, so the folder is capped
 * (`maxFiles`, about half a gigabyte): past it ingest stops rendering inputs and those
 * photos are decoded again from the original by the embedding stage, as is any photo whose
 * input is missing (another model's geometry, a swept folder, an older version): slower,
 * never different. Files are content-addressed
 * like thumbnails and written atomically; a model with another geometry sweeps the others.
 */
import { mkdir, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { modelInputKey, type ModelInputSpec } from '../inference/model-input';

/** Inputs kept at most: about 0.5 GB at 256 px. */
const defaultMaxFiles = 4000;

export class ModelInputCache {
  /** Files in the folder, counted once, then kept up to date by write/remove/sweep. */
  #count: number | null = null;

  constructor(
    private readonly dir: string,
    private readonly maxFiles = defaultMaxFiles,
  ) {}

  /** True while another input may be written (see the cap in [Note: Model input handoff]). */
  async hasRoom(): Promise<boolean> {
    this.#count ??= (
      await readdir(this.dir, { recursive: true }).catch(() => [] as string[])
    ).filter((f) => f.endsWith('.png')).length;
    return this.#count < this.maxFiles;
  }

  /** Where the input of the photo with `fingerprint` lives for `spec`. */
  path(spec: ModelInputSpec, fingerprint: string): string {
    return path.join(this.dir, modelInputKey(spec), fingerprint.slice(0, 2), `${fingerprint}.png`);
  }

  /** Stores `rgb` (size×size×3 bytes) losslessly; a crash leaves the old file or a stray .tmp. */
  async write(spec: ModelInputSpec, fingerprint: string, rgb: Buffer): Promise<void> {
    const file = this.path(spec, fingerprint);
    await mkdir(path.dirname(file), { recursive: true });
    // PNG at zlib level 1: lossless, about half the raw size, a few ms to write.
    const png = await sharp(rgb, { raw: { width: spec.size, height: spec.size, channels: 3 } })
      .png({ compressionLevel: 1, adaptiveFiltering: false })
      .toBuffer();
    const tmp = `${file}.${String(process.pid)}.tmp`;
    try {
      await writeFile(tmp, png);
      await rename(tmp, file);
      if (this.#count !== null) this.#count++;
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  /** The stored input as size×size×3 bytes, or null when there is none (or it is unreadable). */
  async read(spec: ModelInputSpec, fingerprint: string): Promise<Buffer | null> {
    try {
      const { data, info } = await sharp(this.path(spec, fingerprint))
        .raw()
        .toBuffer({ resolveWithObject: true });
      return info.width === spec.size && info.height === spec.size && info.channels === 3
        ? data
        : null;
    } catch {
      return null;
    }
  }

  /** Forgets the inputs of embedded photos. */
  async remove(spec: ModelInputSpec, fingerprints: readonly string[]): Promise<void> {
    // Only files that were there count down (a photo decoded at embed time had none), so the
    // folder is not listed again after every embedded batch.
    const removed = await Promise.all(
      fingerprints.map((fp) =>
        unlink(this.path(spec, fp)).then(
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

  /** Removes every geometry but `keep` (the active model's), e.g. after a model switch. */
  async sweep(keep: ModelInputSpec | null): Promise<void> {
    const kept = keep ? modelInputKey(keep) : null;
    const keys = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      keys
        .filter((k) => k !== kept)
        .map((k) => rm(path.join(this.dir, k), { recursive: true, force: true })),
    );
    this.#count = null;
  }
}
