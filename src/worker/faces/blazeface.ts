/**
 * @file MediaPipe BlazeFace (the "back" model: 256×256, NHWC, 896 anchors) on one square
 * tile: input tensor, anchor decoding and MediaPipe's weighted non-maximum suppression.
 *
 * The numbers follow MediaPipe's face_detection_back graph (SsdAnchorsCalculator: strides
 * 16, 32, 32, 32 on 256 px with fixed-size anchors at cell centres, i.e. 16×16×2 then
 * 8×8×6; TensorsToDetectionsCalculator: box and keypoint offsets in input pixels relative
 * to the anchor centre, scores clipped to ±100 then a sigmoid; inputs scaled to [−1, 1]),
 * the same decoding keijiro's Unity port does in Postprocess1Kernel.hlsl, minus its
 * texture-space vertical flip.
 */
import * as ort from 'onnxruntime-node';

/** The tile side the model takes. */
export const tileSize = 256;
/** Keypoints in MediaPipe's order: the subject's right eye, left eye, nose tip, mouth, right ear, left ear. */
export const keypointCount = 6;

/** A detection in a tile's normalised coordinates (0..1, origin top left). */
export interface TileDetection {
  /** Box centre and size. */
  cx: number;
  cy: number;
  w: number;
  h: number;
  /** x, y pairs, `keypointCount` of them. */
  keypoints: number[];
  score: number;
}

/** Anchor centres for the two output layers, in the order the model emits its rows. */
function anchorCentres(): Float32Array {
  const layers = [
    { cells: 16, perCell: 2 },
    { cells: 8, perCell: 6 },
  ];
  const out: number[] = [];
  for (const { cells, perCell } of layers)
    for (let y = 0; y < cells; y++)
      for (let x = 0; x < cells; x++)
        for (let a = 0; a < perCell; a++) out.push((x + 0.5) / cells, (y + 0.5) / cells);
  return Float32Array.from(out);
}
const anchors = anchorCentres();

/** RGB bytes (tileSize² × 3, NHWC) → the model's float input in [−1, 1]. */
export function tileTensor(rgb: Uint8Array): ort.Tensor {
  const data = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) data[i] = (rgb[i] ?? 0) / 127.5 - 1;
  return new ort.Tensor('float32', data, [1, tileSize, tileSize, 3]);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-Math.min(100, Math.max(-100, x))));

/** Decodes the raw outputs of one tile: every anchor whose score reaches `minScore`. */
export function decodeTile(
  outputs: ort.InferenceSession.ReturnType,
  minScore: number,
): TileDetection[] {
  const layers = [
    { scores: outputs['Identity:0'], boxes: outputs['Identity_2:0'], first: 0 },
    { scores: outputs['Identity_1:0'], boxes: outputs['Identity_3:0'], first: 512 },
  ];
  const found: TileDetection[] = [];
  for (const { scores, boxes, first } of layers) {
    if (!scores || !boxes) throw new Error('the face detector lacks an output (Identity…:0)');
    const s = scores.data as Float32Array;
    const b = boxes.data as Float32Array;
    for (let i = 0; i < s.length; i++) {
      const score = sigmoid(s[i] ?? -100);
      if (score < minScore) continue;
      const ax = anchors[2 * (first + i)] ?? 0;
      const ay = anchors[2 * (first + i) + 1] ?? 0;
      const o = i * 16;
      const at = (k: number) => (b[o + k] ?? 0) / tileSize;
      const keypoints: number[] = [];
      for (let k = 0; k < keypointCount; k++)
        keypoints.push(ax + at(4 + 2 * k), ay + at(5 + 2 * k));
      found.push({ cx: ax + at(0), cy: ay + at(1), w: at(2), h: at(3), keypoints, score });
    }
  }
  return found;
}

/** Intersection over union of two boxes given by centre and size. */
export function iou(a: TileDetection, b: TileDetection): number {
  const w = Math.min(a.cx + a.w / 2, b.cx + b.w / 2) - Math.max(a.cx - a.w / 2, b.cx - b.w / 2);
  const h = Math.min(a.cy + a.h / 2, b.cy + b.h / 2) - Math.max(a.cy - a.h / 2, b.cy - b.h / 2);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.w * a.h + b.w * b.h - inter);
}

/**
 * MediaPipe's weighted NMS (NonMaxSuppressionCalculator, `WEIGHTED`): best score first, every
 * remaining detection overlapping it by more than `threshold` IoU is folded into it (box and
 * keypoints averaged, weighted by score) and removed; the merged one keeps the best score.
 * Many anchors fire on one face; averaging them steadies the box and the eyes.
 */
export function weightedNms(detections: TileDetection[], threshold = 0.3): TileDetection[] {
  const remaining = [...detections].sort((a, b) => b.score - a.score);
  const kept: TileDetection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0];
    if (!best) break;
    const cluster: TileDetection[] = [];
    const rest: TileDetection[] = [];
    for (const d of remaining) (iou(best, d) > threshold ? cluster : rest).push(d);
    const total = cluster.reduce((sum, d) => sum + d.score, 0);
    const mean = (pick: (d: TileDetection) => number) =>
      cluster.reduce((sum, d) => sum + pick(d) * d.score, 0) / total;
    kept.push({
      cx: mean((d) => d.cx),
      cy: mean((d) => d.cy),
      w: mean((d) => d.w),
      h: mean((d) => d.h),
      keypoints: best.keypoints.map((_, k) => mean((d) => d.keypoints[k] ?? 0)),
      score: best.score,
    });
    remaining.splice(0, remaining.length, ...rest);
  }
  return kept;
}
