/**
 * @file Perceptual hashes of a photo's pixels, for near-duplicates (see [Note: Near-duplicates]):
 * a 64-bit difference hash and a 64-bit DCT hash, both compared by Hamming distance.
 *
 * The difference hash alone is weak evidence: over the ImageNet sample two unrelated pictures
 * (a lipstick and a punching bag) differ by 6 of its 64 bits, as little as a resized copy. The
 * DCT hash keeps the sign of the 63 lowest frequencies of a 32×32 grey image against their
 * median: resized and re-encoded copies differ by 0–4 bits, unrelated pictures by 16 or more.
 */
import type { Sharp } from 'sharp';

/** Bits of a hash (both hashes have 64), as 16 hex digits. */
export const hashBits = 64;

/**
 * A difference hash: the image as 9×8 grey pixels, one bit per horizontal neighbour pair
 * (left brighter than right). Re-encoding, resizing and small edits flip few bits; a
 * different shot of the same scene flips many.
 */
export async function differenceHash(image: Sharp): Promise<string> {
  const { data } = await image
    .resize(9, 8, { fit: 'fill' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let bits = 0n;
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++)
      bits = (bits << 1n) | ((data[y * 9 + x] ?? 0) > (data[y * 9 + x + 1] ?? 0) ? 1n : 0n);
  return bits.toString(16).padStart(16, '0');
}

const side = 32;
/** cos(π(n + ½)k / 32) for the 8 lowest frequencies k: the DCT-II basis the hash keeps. */
const basis = Array.from({ length: 8 }, (_, k) =>
  Float64Array.from({ length: side }, (_, n) => Math.cos((Math.PI * (n + 0.5) * k) / side)),
);

/**
 * A DCT hash (pHash): the image as 32×32 grey pixels, its 8×8 lowest 2-D DCT coefficients,
 * one bit per coefficient above the median of the 63 that are not the mean (DC).
 */
export async function dctHash(image: Sharp): Promise<string> {
  const { data } = await image
    .greyscale()
    .resize(side, side, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Separable DCT: rows first (32 × 8), then columns of that (8 × 8).
  const rows: number[][] = [];
  for (let y = 0; y < side; y++)
    rows.push(
      basis.map((b) => {
        let sum = 0;
        for (let x = 0; x < side; x++) sum += (data[y * side + x] ?? 0) * (b[x] ?? 0);
        return sum;
      }),
    );
  const coefficients: number[] = [];
  for (let ky = 0; ky < 8; ky++)
    for (let kx = 0; kx < 8; kx++) {
      let sum = 0;
      for (let y = 0; y < side; y++) sum += (rows[y]?.[kx] ?? 0) * (basis[ky]?.[y] ?? 0);
      coefficients.push(sum);
    }
  const median = [...coefficients.slice(1)].sort((a, b) => a - b)[31] ?? 0;
  let bits = 0n;
  for (const c of coefficients) bits = (bits << 1n) | (c > median ? 1n : 0n);
  return bits.toString(16).padStart(16, '0');
}

/** Bits that differ between two hashes of the same kind. */
export function hammingDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x > 0n) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}
