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
import sharp from 'sharp';
import { modelInputKey, type ModelInputSpec } from '../inference/model-input';
import { HandoffFolder } from '../library/handoff-folder';

/** Inputs kept at most: about 0.5 GB at 256 px. */
const defaultMaxFiles = 4000;

export class ModelInputCache {
  readonly #folder: HandoffFolder;

  constructor(dir: string, maxFiles = defaultMaxFiles) {
    this.#folder = new HandoffFolder(dir, '.png', maxFiles);
  }

  /** True while another input may be written (see the cap in [Note: Model input handoff]). */
  hasRoom(): Promise<boolean> {
    return this.#folder.hasRoom();
  }

  /** Where the input of the photo with `fingerprint` lives for `spec`. */
  path(spec: ModelInputSpec, fingerprint: string): string {
    return this.#folder.path(fingerprint, modelInputKey(spec));
  }

  /** Stores `rgb` (size×size×3 bytes) losslessly; a crash leaves the old file or a stray .tmp. */
  async write(spec: ModelInputSpec, fingerprint: string, rgb: Buffer): Promise<void> {
    // PNG at zlib level 1: lossless, about half the raw size, a few ms to write.
    const png = await sharp(rgb, { raw: { width: spec.size, height: spec.size, channels: 3 } })
      .png({ compressionLevel: 1, adaptiveFiltering: false })
      .toBuffer();
    await this.#folder.write(this.path(spec, fingerprint), png);
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

  /** Forgets the inputs of embedded photos (a photo decoded at embed time had none). */
  remove(spec: ModelInputSpec, fingerprints: readonly string[]): Promise<void> {
    return this.#folder.remove(fingerprints.map((fp) => this.path(spec, fp)));
  }

  /** Removes every geometry but `keep` (the active model's), e.g. after a model switch. */
  sweep(keep: ModelInputSpec | null): Promise<void> {
    return this.#folder.clear(keep ? modelInputKey(keep) : '');
  }
}
