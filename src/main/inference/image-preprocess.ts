/**
 * @file Turns a decoded photo into a model's input tensor exactly as its
 * `visual/preprocess_cfg.json` says: size, resize mode (`shortest`: scale the short side to
 * the size, then centre-crop; `squash`: scale both sides), interpolation, then
 * (value/255 − mean)/std per channel, laid out channel-first ([3, S, S]).
 */
import type { Sharp } from 'sharp';
import { inputSize, type PreprocessConfig } from '../../shared/model-config';

const kernels = {
  bicubic: 'cubic',
  bilinear: 'linear',
  nearest: 'nearest',
  lanczos: 'lanczos3',
} as const;

/** Writes one image's tensor into `out` at `offset` (in floats). */
export async function preprocessInto(
  image: Sharp,
  cfg: PreprocessConfig,
  out: Float32Array,
  offset: number,
): Promise<void> {
  const size = inputSize(cfg);
  const { data, info } = await image
    .clone()
    .resize({
      width: size,
      height: size,
      fit: cfg.resize_mode === 'squash' ? 'fill' : 'cover',
      position: 'centre',
      kernel: kernels[cfg.interpolation],
    })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const channels = info.channels;
  if (info.width !== size || info.height !== size || (channels !== 3 && channels !== 1)) {
    throw new Error(
      `preprocessing produced ${String(info.width)}×${String(info.height)}×${String(channels)}, expected ${String(size)}×${String(size)}×3`,
    );
  }
  const plane = size * size;
  for (let c = 0; c < 3; c++) {
    const mean = cfg.mean[c] ?? 0;
    const std = cfg.std[c] ?? 1;
    const base = offset + c * plane;
    // Greyscale stays one channel through sharp: the same value feeds R, G and B.
    const source = channels === 1 ? 0 : c;
    for (let i = 0; i < plane; i++)
      out[base + i] = ((data[i * channels + source] ?? 0) / 255 - mean) / std;
  }
}

/** Packs several images into one [n, 3, S, S] batch. */
export async function preprocessBatch(
  images: readonly Sharp[],
  cfg: PreprocessConfig,
): Promise<Float32Array<ArrayBuffer>> {
  const size = inputSize(cfg);
  const out = new Float32Array(images.length * 3 * size * size);
  await Promise.all(images.map((image, i) => preprocessInto(image, cfg, out, i * 3 * size * size)));
  return out;
}
