/**
 * @file A face as decisions name it: the photo's content fingerprint and the box the face had
 * (fractions of the photo). Row ids change when faces are re-detected (a new model) or the
 * library is rebuilt; a photo's fingerprint and, roughly, its faces' places do not.
 */

/** x, y, width, height as fractions of the photo. */
export type Box = readonly [number, number, number, number];

export interface FaceRef {
  fingerprint: string;
  box: Box;
}

/** Overlap above which two boxes in one photo are the same face (intersection over union). */
export const sameFaceOverlap = 0.5;

export function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

const centreIn = (a: Box, b: Box) => {
  const [cx, cy] = [a[0] + a[2] / 2, a[1] + a[3] / 2];
  return cx >= b[0] && cx <= b[0] + b[2] && cy >= b[1] && cy <= b[1] + b[3];
};

/**
 * How well a face region another app drew and a box agree, 0 when they are not one face: they
 * overlap by a third, or each holds the other's centre (apps draw looser or tighter boxes than
 * a detector). See [Note: Face regions from other apps].
 */
export function regionFit(region: Box, face: Box): number {
  const o = iou(region, face);
  if (o >= 1 / 3) return 1 + o;
  return centreIn(region, face) && centreIn(face, region) ? o : 0;
}

/**
 * Pairs each item of `refs` with at most one face and each face with at most one ref, best
 * overlap first (ties by position), so two decisions never land on one face nor one decision
 * on two faces of a photo.
 */
export function matchBoxes<R, F>(
  refs: readonly R[],
  faces: readonly F[],
  refBox: (r: R) => Box,
  faceBox: (f: F) => Box,
): [R, F][] {
  const pairs: { r: number; f: number; o: number }[] = [];
  refs.forEach((r, ri) => {
    faces.forEach((f, fi) => {
      const o = iou(refBox(r), faceBox(f));
      if (o >= sameFaceOverlap) pairs.push({ r: ri, f: fi, o });
    });
  });
  pairs.sort((a, b) => b.o - a.o || a.r - b.r || a.f - b.f);
  const usedR = new Set<number>();
  const usedF = new Set<number>();
  const out: [R, F][] = [];
  for (const p of pairs) {
    if (usedR.has(p.r) || usedF.has(p.f)) continue;
    usedR.add(p.r);
    usedF.add(p.f);
    out.push([refs[p.r] as R, faces[p.f] as F]);
  }
  return out;
}

/** The canonical text of a box (rounded: a float's last digits must not change the order). */
export function boxKey(box: Box): string {
  return box.map((v) => v.toFixed(5)).join(',');
}
