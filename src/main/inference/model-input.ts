/**
 * @file A photo's model input: the size×size RGB pixels that open_clip's image transform
 * (torchvision `Resize` + `CenterCrop` on a PIL image) makes from the original, and their
 * normalised channel-first tensor.
 *
 * [Note: Model input pixels]
 * The reference is open_clip on PIL (../shared/data/fidelity/README.md); we match it to within a
 * mean |Δ| ≤ 0.5 of an 8-bit level and no pixel off by more than 10:
 * - Colour: PIL's `convert('RGB')` applies no ICC profile, so the model reads the stored values
 *   (`DecodedImage.imageIgnoringIcc`, sharp's `ignoreIcc`, which sharp takes only at
 *   construction); thumbnails shown to people stay colour-managed. Applying the Adobe RGB
 *   profile of rocket.jpg put it 5.6 levels off.
 * - Orientation: the reference photos have none; the model sees the photo upright, as the user
 *   does (Immich likewise embeds its upright preview).
 * - Geometry: `shortest` truncates the long side as torchvision does (4032×3024 → 298×224, where
 *   sharp's `cover` rounds to 299) and crops at round-half-even offsets (`shortestGeometry`).
 * - Shrinking: PIL's bicubic (Keys, a = −0.5, widened by the scale) and libvips' `cubic` reduce
 *   (Catmull-Rom: the same kernel, equally widened) agree to 0.1–0.25 levels, but `vips_resize`
 *   reduces by under 4× at most: beyond, it first box-shrinks by an integer factor, which blurs
 *   more than PIL. So we shrink in steps of under 4× per axis (4032×3024 → 1023×1023 → 256×256),
 *   through raw 8-bit buffers (`resizeSteps`).
 * - Enlarging: libvips enlarges with an interpolator that is 3–4 levels from PIL (chelsea.png,
 *   300 → 384 rows), whatever the kernel; the last step is then Pillow's own resampler
 *   (pillow-resample.ts), bit-exact, on at most 4× the target's pixels per axis.
 * - Shrink-on-load: off (`fastShrinkOnLoad: false`), so the first step decodes at full
 *   resolution, bit-identical to PIL's decode here (libjpeg-turbo in both). Against PIL 9.4 on 11
 *   JPEGs of 4–12 MP (7 camera photos from ../shared/data/photos, the 4 fidelity photos upscaled
 *   to 4032×3024 q92), squash-256/384 and shortest-224, worst mean |Δ| / worst max, one core:
 *     one sharp resize, shrink-on-load as default:  2.01 / 59   ~32 ms
 *     one sharp resize, fastShrinkOnLoad: false:    1.16 / 38   ~39 ms
 *     one sharp resize, full-resolution decode:     0.64 / 10   ~75 ms
 *     steps under 4×, fastShrinkOnLoad: false:      0.16 / 9    median 78 ms (12 MP: ~150 ms)
 *     steps under 4×, shrink-on-load as default:    0.19 / 9    no faster (1/2-scale decode at most)
 *     Pillow's resampler in TypeScript for all:     0 / 0       +200–400 ms per 12 MP photo
 *   The four fidelity photos themselves: 0.10–0.23 mean, max 9 (chelsea at 384: exact).
 */
import sharp, { type Sharp } from 'sharp';
import { inputSize, type PreprocessConfig } from '../../shared/model-config';
import type { DecodedImage } from '../library/decode-image';
import { pillowResize } from './pillow-resample';

/** What a model's preprocess_cfg.json asks of the pixels. */
export interface ModelInputSpec {
  size: number;
  mode: 'squash' | 'shortest';
  interpolation: 'bicubic' | 'bilinear' | 'nearest' | 'lanczos';
}

/** The pixel spec of a model's `visual/preprocess_cfg.json`. */
export function modelInputSpec(cfg: PreprocessConfig): ModelInputSpec {
  return { size: inputSize(cfg), mode: cfg.resize_mode, interpolation: cfg.interpolation };
}

/** A stable folder-safe key, e.g. "squash-256-bicubic", for caching inputs per geometry. */
export function modelInputKey(spec: ModelInputSpec): string {
  return `${spec.mode}-${String(spec.size)}-${spec.interpolation}`;
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * torchvision's geometry for `shortest`: resized size (short side = size, long side TRUNCATED
 * int(size·long/short)) and the centre crop offsets round((n − size)/2) with Python's
 * round-half-even.
 */
export function shortestGeometry(
  width: number,
  height: number,
  size: number,
): { width: number; height: number; left: number; top: number } {
  const resized =
    width <= height
      ? { width: size, height: Math.floor((size * height) / width) }
      : { width: Math.floor((size * width) / height), height: size };
  return {
    ...resized,
    left: roundHalfEven((resized.width - size) / 2),
    top: roundHalfEven((resized.height - size) / 2),
  };
}

/** Sizes along one axis from `from` down to `to`, each step under 4×: see [Note: Model input pixels]. */
function axisSteps(from: number, to: number): number[] {
  const steps = [to];
  for (let next = 4 * to - 1; next < from; next = 4 * next - 1) steps.unshift(next);
  return steps;
}

/** The intermediate and final sizes, both axes stepping together (a finished axis stays put). */
export function resizeSteps(
  width: number,
  height: number,
  toWidth: number,
  toHeight: number,
): { width: number; height: number }[] {
  const xs = axisSteps(width, toWidth);
  const ys = axisSteps(height, toHeight);
  while (xs.length < ys.length) xs.unshift(width);
  while (ys.length < xs.length) ys.unshift(height);
  return xs.map((w, i) => ({ width: w, height: ys[i] ?? toHeight }));
}

const kernels = {
  bicubic: 'cubic',
  bilinear: 'linear',
  nearest: 'nearest',
  lanczos: 'lanczos3',
} as const;

/** 8-bit RGB out of any pipeline: greyscale becomes three equal channels. */
async function rgbPixels(image: Sharp): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await image
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected RGB, got ${String(info.channels)} channels`);
  return { data, width: info.width, height: info.height };
}

const rawRgb = (pixels: { data: Buffer; width: number; height: number }) =>
  sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 3 } });

/**
 * The model input of a decoded photo: size×size×3 uint8 RGB (no alpha), as open_clip's
 * transform makes it from the original: resized with the config's interpolation from
 * full-resolution pixels, squashed or shortest side + centre crop, ICC profile not applied (as
 * PIL's `convert('RGB')`), greyscale as three equal channels. See [Note: Model input pixels].
 */
export async function renderModelInput(
  decoded: DecodedImage,
  spec: ModelInputSpec,
): Promise<Buffer> {
  const { size } = spec;
  const target =
    spec.mode === 'squash'
      ? { width: size, height: size, left: 0, top: 0 }
      : shortestGeometry(decoded.width, decoded.height, size);
  const options = {
    fit: 'fill',
    kernel: kernels[spec.interpolation],
    fastShrinkOnLoad: false,
  } as const;
  let image = decoded.imageIgnoringIcc.clone();
  // PIL drops alpha before resizing; sharp would premultiply by it: drop it first.
  if ((await image.metadata()).hasAlpha) image = rawRgb(await rgbPixels(image));
  const steps = resizeSteps(decoded.width, decoded.height, target.width, target.height);
  let current = { width: decoded.width, height: decoded.height };
  for (const step of steps.slice(0, -1)) {
    image = rawRgb(await rgbPixels(image.resize(step.width, step.height, options)));
    current = step;
  }
  if (target.width > current.width || target.height > current.height) {
    // libvips enlarges with an interpolator, 3–4 levels from PIL: Pillow's own resampler does
    // it, on an input no larger than 4× the target per axis.
    const pixels = await rgbPixels(image);
    const resized = pillowResize(
      pixels.data,
      pixels.width,
      pixels.height,
      target.width,
      target.height,
      spec.interpolation,
    );
    image = rawRgb({
      data: Buffer.from(resized.buffer, resized.byteOffset, resized.length),
      ...target,
    });
  } else image = image.resize(target.width, target.height, options);
  if (spec.mode === 'shortest')
    image = image.extract({ left: target.left, top: target.top, width: size, height: size });
  const out = await rgbPixels(image);
  if (out.width !== size || out.height !== size)
    throw new Error(
      `model input came out ${String(out.width)}×${String(out.height)}, expected ${String(size)}×${String(size)}`,
    );
  return out.data;
}

/** Writes (value/255 − mean)/std channel-first into `out` at `offset` (floats), from such a buffer. */
export function modelInputToTensor(
  rgb: Uint8Array,
  cfg: PreprocessConfig,
  out: Float32Array,
  offset: number,
): void {
  const plane = inputSize(cfg) ** 2;
  if (rgb.length !== plane * 3)
    throw new Error(`model input has ${String(rgb.length)} bytes, expected ${String(plane * 3)}`);
  for (let c = 0; c < 3; c++) {
    const mean = cfg.mean[c] ?? 0;
    const std = cfg.std[c] ?? 1;
    const base = offset + c * plane;
    for (let i = 0; i < plane; i++) out[base + i] = ((rgb[i * 3 + c] ?? 0) / 255 - mean) / std;
  }
}
