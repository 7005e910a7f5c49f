/**
 * @file A face's chip cut from its pixels halved first when the face is at least twice the
 * chip's size: the pyramid of [Note: Chip pyramid].
 *
 * [Note: Chip pyramid]
 * cutChip averages ⌈s⌉² bilinear samples per chip pixel, s the photo pixels per chip pixel
 * ([Note: Face chips]), so a large face costs the square of its size: in a 12-MP group photo
 * with one small face the reference is not shrunk ([Note: Reference scale]) and a face 600 px
 * wide there is 16–25 samples a chip pixel, most of the chips' CPU. So the footprint of a face
 * whose s is 2 or more is first averaged 2×2 (a box, as dlib's own chip extraction steps down
 * a pyramid) and the chip cut from that, again while s stays 2 or more: no chip is ever
 * enlarged from a halved copy (s ≥ 1 there), as [Note: Reference scale] keeps for the whole
 * photo. Each halving costs a pass over the footprint and cuts the samples by 2.25–4. The
 * eye distance, and so the recognisable verdict and the quality, are measured before, in the
 * pixels the face was sent in. Measured on ../shared/data/faces (docs/benchmarks.md "Faces").
 */
import { chipFootprint, cutChip, type Similarity } from './face-align';
import type { RgbImage } from './face-detector';

/** Photo pixels per chip pixel of a photo-to-chip transform. */
export const pixelsPerChipPixel = (toChip: Similarity) => 1 / Math.hypot(toChip.a, toChip.b);

/**
 * The 2×2 box average of `image` from (left, top), over its even part: pixel (x, y) of the
 * result covers (left + 2x, top + 2y) to (left + 2x + 2, top + 2y + 2) of `image`.
 */
export function halve(
  image: RgbImage,
  left: number,
  top: number,
  width: number,
  height: number,
): RgbImage {
  const w = width >> 1;
  const h = height >> 1;
  const out = new Uint8Array(w * h * 3);
  const { data } = image;
  const row = image.width * 3;
  for (let y = 0; y < h; y++) {
    const from = ((top + 2 * y) * image.width + left) * 3;
    const to = y * w * 3;
    for (let i = 0; i < w * 3; i++) {
      const o = from + 2 * i - (i % 3);
      out[to + i] =
        ((data[o] as number) +
          (data[o + 3] as number) +
          (data[o + row] as number) +
          (data[o + row + 3] as number) +
          2) >>
        2;
    }
  }
  return { data: out, width: w, height: h };
}

/** The chip of `toChip` cut from `image`, halving the face's footprint first while it is large. */
export function faceChip(image: RgbImage, toChip: Similarity): Uint8Array {
  let source = image;
  let transform = toChip;
  while (pixelsPerChipPixel(transform) >= 2) {
    const r = chipFootprint(transform, source.width, source.height);
    if (r.width < 2 || r.height < 2) break;
    source = halve(source, r.left, r.top, r.width, r.height);
    // cutChip puts a pixel's value at its integer coordinates: pixel (u, v) of the halved
    // copy is the mean of four whose centre is (left + 2u + ½, top + 2v + ½) in `source`.
    const { a, b, tx, ty } = transform;
    const [x0, y0] = [r.left + 0.5, r.top + 0.5];
    transform = { a: 2 * a, b: 2 * b, tx: a * x0 - b * y0 + tx, ty: b * x0 + a * y0 + ty };
  }
  return cutChip(source, transform);
}
