/**
 * @file Faces inputs made at ingest and handed to the faces and text stages: one JPEG per photo,
 * removed once its last reader is done with it. See [Note: Faces input handoff].
 *
 * [Note: Faces input handoff]
 * The faces stage first looks for faces in a small copy of the photo, upright, at up to 512 px
 * ([Note: Faces stage]); decoding a 12-MP JPEG again for that costs 30–70 ms (shrink-on-load),
 * most of the stage's core time on a photo without faces. Ingest has the photo open and, on a
 * CPU, spare cores while the embedding stage is the bottleneck, so it renders that detection
 * input there (encoding the small copy its grid thumbnail comes from, [Note: Ingest copy])
 * and leaves it here for the faces stage, which runs after embedding and reads it
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
 * The text stage's first look ([Note: Text stage]) reads the same 512 px input, after the faces
 * stage: in the app it is the input's last reader, so there the faces stage leaves each file
 * in place (`inputsReadLater`) and the text stage removes it, and clears the folder when it has
 * no work left; without it, a photo the faces stage had emptied would be decoded again.
 */
import { readFile } from 'node:fs/promises';
import { HandoffFolder } from '../library/handoff-folder';

/** Inputs kept at most: about 0.4 GB at 512 px. */
const defaultMaxFiles = 8000;

export class FaceInputCache {
  readonly #folder: HandoffFolder;

  constructor(dir: string, maxFiles = defaultMaxFiles) {
    this.#folder = new HandoffFolder(dir, '.jpg', maxFiles);
  }

  /** True while another input may be written (see the cap in [Note: Faces input handoff]). */
  hasRoom(): Promise<boolean> {
    return this.#folder.hasRoom();
  }

  /** Where the input of the photo with `fingerprint` lives. */
  path(fingerprint: string): string {
    return this.#folder.path(fingerprint);
  }

  /** Stores a photo's input; a crash leaves no file or a stray .tmp, never half a JPEG. */
  write(fingerprint: string, jpeg: Buffer): Promise<void> {
    return this.#folder.write(this.path(fingerprint), jpeg);
  }

  /** The stored input, or null when there is none. */
  async read(fingerprint: string): Promise<Buffer | null> {
    return readFile(this.path(fingerprint)).catch(() => null);
  }

  /** Forgets a photo's input once its faces are stored. */
  remove(fingerprint: string): Promise<void> {
    return this.#folder.remove([this.path(fingerprint)]);
  }

  /** Removes every input (no faces job is left, so what remains was left by a kill). */
  clear(): Promise<void> {
    return this.#folder.clear();
  }
}
