/**
 * @file MediaPipe BlazeFace (the "back" model: trained on 256×256, NHWC, 896 anchors there;
 * any size that is a multiple of 32 as any-size-detector.ts opens it): input tensor, anchor
 * decoding and MediaPipe's weighted non-maximum suppression.
 *
 * The numbers follow MediaPipe's face_detection_back graph (SsdAnchorsCalculator: strides
 * 16, 32, 32, 32 on 256 px with fixed-size anchors at cell centres, i.e. 16×16×2 then
 * 8×8×6, and so a cell every 16 px with 2 anchors then every 32 px with 6 on any input;
 * TensorsToDetectionsCalculator: box and keypoint offsets in input pixels relative to the
 * anchor centre, scores clipped to ±100 then a sigmoid; inputs scaled to [−1, 1]),
 * the same decoding keijiro's Unity port does in Postprocess1Kernel.hlsl, minus its
 * texture-space vertical flip.
 */
import * as ort from 'onnxruntime-node';

/** The input side the model was trained on: a 256 px window of a level sees what it saw. */
export const windowSize = 256;
/** Keypoints in MediaPipe's order: the subject's right eye, left eye, nose tip, mouth, right ear, left ear. */
export const keypointCount = 6;

/** A detection in the pixels of the model's input (origin top left). */
export interface Detection {
  /** Box centre and size. */
  cx: number;
  cy: number;
  w: number;
  h: number;
  /** x, y pairs, `keypointCount` of them. */
  keypoints: number[];
  score: number;
}

/** The two output layers: a cell every `stride` px with `perCell` anchors at its centre. */
const layers = [
  { stride: 16, perCell: 2 },
  { stride: 32, perCell: 6 },
] as const;

/**
 * Anchor centres (x, y in input pixels) for an input of `width` × `height`, in the order the
 * model emits its rows: layer by layer, row by row, cell by cell.
 */
export function anchorCentres(width: number, height: number): Float32Array {
  const out: number[] = [];
  for (const { stride, perCell } of layers)
    for (let y = 0; y < height / stride; y++)
      for (let x = 0; x < width / stride; x++)
        for (let a = 0; a < perCell; a++) out.push((x + 0.5) * stride, (y + 0.5) * stride);
  return Float32Array.from(out);
}

/** RGB bytes (width × height × 3, NHWC) → the model's float input in [−1, 1]. */
export function imageTensor(rgb: Uint8Array, width = windowSize, height = windowSize): ort.Tensor {
  const data = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) data[i] = (rgb[i] ?? 0) / 127.5 - 1;
  return new ort.Tensor('float32', data, [1, height, width, 3]);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-Math.min(100, Math.max(-100, x))));

/**
 * Decodes the raw outputs of one run on an input of `width` × `height`: every anchor whose
 * score reaches `minScore`, in input pixels.
 */
export function decodeDetections(
  outputs: ort.InferenceSession.ReturnType,
  minScore: number,
  width = windowSize,
  height = windowSize,
): Detection[] {
  const anchors = anchorCentres(width, height);
  const [{ stride, perCell }] = layers;
  const firstOfSecond = (width / stride) * (height / stride) * perCell;
  const outputLayers = [
    { scores: outputs['Identity:0'], boxes: outputs['Identity_2:0'], first: 0 },
    { scores: outputs['Identity_1:0'], boxes: outputs['Identity_3:0'], first: firstOfSecond },
  ];
  const found: Detection[] = [];
  for (const { scores, boxes, first } of outputLayers) {
    if (!scores || !boxes) throw new Error('the face detector lacks an output (Identity…:0)');
    const s = scores.data as Float32Array;
    const b = boxes.data as Float32Array;
    if (first + s.length > anchors.length / 2)
      throw new Error('the face detector answered more anchors than its input has');
    for (let i = 0; i < s.length; i++) {
      const score = sigmoid(s[i] ?? -100);
      if (score < minScore) continue;
      const ax = anchors[2 * (first + i)] ?? 0;
      const ay = anchors[2 * (first + i) + 1] ?? 0;
      const o = i * 16;
      const at = (k: number) => b[o + k] ?? 0;
      const keypoints: number[] = [];
      for (let k = 0; k < keypointCount; k++)
        keypoints.push(ax + at(4 + 2 * k), ay + at(5 + 2 * k));
      found.push({ cx: ax + at(0), cy: ay + at(1), w: at(2), h: at(3), keypoints, score });
    }
  }
  return found;
}

/** Intersection over union of two boxes given by centre and size. */
export function iou(a: Detection, b: Detection): number {
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
export function weightedNms(detections: Detection[], threshold = 0.3): Detection[] {
  const remaining = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0];
    if (!best) break;
    const cluster: Detection[] = [];
    const rest: Detection[] = [];
    for (const d of remaining) (iou(best, d) > threshold ? cluster : rest).push(d);
    const total = cluster.reduce((sum, d) => sum + d.score, 0);
    const mean = (pick: (d: Detection) => number) =>
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
