/**
 * @file Pillow's `Image.resize` for 8-bit RGB (Resample.c as of Pillow 9.4): separable
 * convolution, horizontal pass first, fixed-point weights, each pass rounded to 8 bits. Used
 * where libvips differs from PIL beyond the tolerance: enlarging (see [Note: Model input pixels]);
 * it is bit-exact with PIL but too slow to shrink 12 MP photos with.
 */

/** Pillow's filters and their support at scale 1. */
const filters = {
  bilinear: { support: 1, weight: (x: number) => Math.max(0, 1 - Math.abs(x)) },
  bicubic: {
    support: 2,
    weight: (x: number) => {
      // Keys' cubic with a = −0.5, as Pillow.
      const a = -0.5;
      const t = Math.abs(x);
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  },
  lanczos: {
    support: 3,
    weight: (x: number) => {
      const sinc = (t: number) => (t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t));
      return x > -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0;
    },
  },
} as const;

export type PillowFilter = keyof typeof filters | 'nearest';

const precisionBits = 32 - 8 - 2;

interface Coefficients {
  /** Per output pixel: first input pixel, then how many. */
  bounds: Int32Array;
  /** Fixed-point weights, `size` per output pixel. */
  weights: Int32Array;
  size: number;
}

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc. */
function coefficients(inSize: number, outSize: number, filter: keyof typeof filters): Coefficients {
  const { support: baseSupport, weight } = filters[filter];
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = baseSupport * filterScale;
  const size = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * size);
  const k = new Float64Array(size);
  for (let xx = 0; xx < outSize; xx++) {
    const centre = (xx + 0.5) * scale;
    const xmin = Math.max(0, Math.trunc(centre - support + 0.5));
    const count = Math.min(inSize, Math.trunc(centre + support + 0.5)) - xmin;
    let sum = 0;
    for (let x = 0; x < count; x++) {
      k[x] = weight((x + xmin - centre + 0.5) / filterScale);
      sum += k[x] ?? 0;
    }
    for (let x = 0; x < count; x++) {
      const w = sum !== 0 ? (k[x] ?? 0) / sum : (k[x] ?? 0);
      weights[xx * size + x] = Math.trunc(w * 2 ** precisionBits + (w < 0 ? -0.5 : 0.5));
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = count;
  }
  return { bounds, weights, size };
}

const clip8 = (v: number) => {
  const shifted = v >> precisionBits;
  return shifted < 0 ? 0 : shifted > 255 ? 255 : shifted;
};

/** One pass along x (step 3 bytes) or y (step one row): out[i] = Σ in · w, for every line. */
function pass(
  src: Uint8Array,
  out: Uint8Array,
  c: Coefficients,
  lines: number,
  outLength: number,
  pixelStep: number,
  lineStepIn: number,
  lineStepOut: number,
  outPixelStep: number,
): void {
  const half = 1 << (precisionBits - 1);
  for (let line = 0; line < lines; line++) {
    for (let o = 0; o < outLength; o++) {
      const first = c.bounds[o * 2] ?? 0;
      const count = c.bounds[o * 2 + 1] ?? 0;
      const base = o * c.size;
      for (let ch = 0; ch < 3; ch++) {
        let acc = half;
        let i = line * lineStepIn + first * pixelStep + ch;
        for (let t = 0; t < count; t++, i += pixelStep)
          acc = (acc + (src[i] ?? 0) * (c.weights[base + t] ?? 0)) | 0;
        out[line * lineStepOut + o * outPixelStep + ch] = clip8(acc);
      }
    }
  }
}

/** Nearest neighbour as Pillow: the input pixel under each output pixel's centre. */
function nearest(src: Uint8Array, w: number, h: number, ow: number, oh: number): Uint8Array {
  const out = new Uint8Array(ow * oh * 3);
  for (let y = 0; y < oh; y++) {
    const sy = Math.min(h - 1, Math.floor(((y + 0.5) * h) / oh));
    for (let x = 0; x < ow; x++) {
      const sx = Math.min(w - 1, Math.floor(((x + 0.5) * w) / ow));
      out.set(src.subarray((sy * w + sx) * 3, (sy * w + sx) * 3 + 3), (y * ow + x) * 3);
    }
  }
  return out;
}

/** Resizes interleaved 8-bit RGB as Pillow's `Image.resize(size, filter)` does. */
export function pillowResize(
  src: Uint8Array,
  width: number,
  height: number,
  toWidth: number,
  toHeight: number,
  filter: PillowFilter,
): Uint8Array {
  if (filter === 'nearest') return nearest(src, width, height, toWidth, toHeight);
  let pixels = src;
  let w = width;
  if (toWidth !== width) {
    const next = new Uint8Array(toWidth * height * 3);
    const c = coefficients(width, toWidth, filter);
    pass(pixels, next, c, height, toWidth, 3, width * 3, toWidth * 3, 3);
    pixels = next;
    w = toWidth;
  }
  if (toHeight !== height) {
    const next = new Uint8Array(w * toHeight * 3);
    const c = coefficients(height, toHeight, filter);
    // Lines are columns (and channels within them via the inner loop); pixels step by a row.
    for (let x = 0; x < w; x++)
      pass(pixels.subarray(x * 3), next.subarray(x * 3), c, 1, toHeight, w * 3, 0, 0, w * 3);
    pixels = next;
  }
  return pixels;
}
