/**
 * @file PP-OCR's direction classifier and line recogniser (CTC over its 6,623-character
 * dictionary plus space), with each recognised character's place along the line, from which
 * word boxes are cut. See [Note: Reading text].
 */
import type * as ort from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import { lineTensorData, straighten, type LineImage } from './line-image';
import type { RgbImage } from './text-detector';

/** The recogniser's input height and the classifier's input size (PP-OCRv4 / mobile v2.0). */
export const recognizerHeight = 48;
const classifierSize = { width: 192, height: 48 };
/** The classifier's say-so needed to turn a line (PaddleOCR's cls_thresh). */
const turnThreshold = 0.9;

/** A recognised line: text, mean confidence, each character's centre as a fraction of the width. */
export interface Recognised {
  text: string;
  confidence: number;
  /** Per character of `text`: where along the line (0–1) its CTC step lies. */
  positions: number[];
  /** Per character: its probability. */
  charConfidences: number[];
}

/** The one output of a one-input session. */
async function runOne(session: ort.InferenceSession, input: Tensor): Promise<ort.Tensor> {
  const out = await session.run({ [session.inputNames[0] ?? 'x']: input });
  const tensor = out[session.outputNames[0] ?? ''];
  if (!tensor) throw new Error('a text model gave no output');
  return tensor;
}

/** Whether the classifier thinks the line is upside down. */
export async function isUpsideDown(
  session: ort.InferenceSession,
  line: LineImage,
): Promise<boolean> {
  const aspect = line.width / line.height;
  const width = Math.min(
    classifierSize.width,
    Math.max(8, Math.round(classifierSize.height * aspect)),
  );
  const resized = resize(line, width, classifierSize.height);
  const data = lineTensorData(resized, classifierSize.width);
  const input = new Tensor('float32', data, [1, 3, classifierSize.height, classifierSize.width]);
  const probs = (await runOne(session, input)).data as Float32Array;
  input.dispose();
  return (probs[1] ?? 0) > turnThreshold;
}

/** The image scaled to `height`, its width following (at most `maxWidth`). */
function resize(image: RgbImage, maxWidth: number, height: number): RgbImage {
  return straighten(image, fullQuad(image), height, maxWidth);
}

/** Reads one straightened line (any height; resized to the recogniser's). */
export async function recognise(
  session: ort.InferenceSession,
  dictionary: string[],
  line: RgbImage,
): Promise<Recognised> {
  const width = Math.max(16, Math.round((recognizerHeight * line.width) / line.height));
  const sized =
    line.height === recognizerHeight
      ? line
      : straighten(line, fullQuad(line), recognizerHeight, 4096);
  const data = lineTensorData(sized, width);
  const input = new Tensor('float32', data, [1, 3, recognizerHeight, width]);
  const tensor = await runOne(session, input);
  const probs = tensor.data as Float32Array;
  const [, steps = 0, classes = 0] = tensor.dims as number[];
  input.dispose();
  return decode(probs, steps, classes, dictionary);
}

const fullQuad = (image: RgbImage): [number, number][] => [
  [0, 0],
  [image.width, 0],
  [image.width, image.height],
  [0, image.height],
];

/** Greedy CTC decoding: best class per step, repeats merged, blanks (class 0) dropped. */
export function decode(
  probs: Float32Array,
  steps: number,
  classes: number,
  dictionary: string[],
): Recognised {
  let text = '';
  const positions: number[] = [];
  const charConfidences: number[] = [];
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -1;
    for (let c = 0; c < classes; c++) {
      const p = probs[t * classes + c] ?? 0;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      const char = dictionary[best - 1] ?? '';
      text += char;
      for (let i = 0; i < char.length; i++) {
        positions.push((t + 0.5) / steps);
        charConfidences.push(bestP);
      }
    }
    previous = best;
  }
  const confidence =
    charConfidences.length === 0
      ? 0
      : charConfidences.reduce((a, b) => a + b, 0) / charConfidences.length;
  return { text, confidence, positions, charConfidences };
}
