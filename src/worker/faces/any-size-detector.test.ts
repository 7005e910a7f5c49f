/**
 * @file The shipped BlazeFace graph opened for any size ([Note: Face detection levels]): the
 * same network on the size it was made for, and faces found where they are on a whole level.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { facesData } from '../../../test/faces-dataset';
import { anySizeDetector } from './any-size-detector';
import { decodeDetections, imageTensor, weightedNms } from './blazeface';

const shipped = readFileSync(
  path.resolve(import.meta.dirname, '../../../models/faces/face-detection-back-256.onnx'),
);
const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1 };
let original: ort.InferenceSession;
let anySize: ort.InferenceSession;

beforeAll(async () => {
  original = await ort.InferenceSession.create(shipped, options);
  anySize = await ort.InferenceSession.create(anySizeDetector(shipped), options);
});

/** An LFW portrait (250 × 250) as RGB bytes. */
async function portrait(): Promise<Buffer> {
  const file = path.join(facesData, 'lfw_krasserm/Colin_Powell/Colin_Powell_0001.jpg');
  return sharp(file).removeAlpha().raw().toBuffer();
}

/** `rgb` (side × side) placed at (left, top) in a black width × height image. */
function placed(
  rgb: Buffer,
  side: number,
  width: number,
  height: number,
  left: number,
  top: number,
) {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < side; y++)
    out.set(rgb.subarray(y * side * 3, (y + 1) * side * 3), ((top + y) * width + left) * 3);
  return out;
}

describe('the any-size face detector', () => {
  it('answers exactly what the shipped graph does on its own 256 px input', async () => {
    const face = placed(await portrait(), 250, 256, 256, 3, 3);
    const a = await original.run({ 'input:0': imageTensor(face) });
    const b = await anySize.run({ 'input:0': imageTensor(face) });
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const [name, tensor] of Object.entries(a)) {
      expect(b[name]?.dims).toEqual(tensor.dims);
      expect([...(b[name]?.data as Float32Array)]).toEqual([...(tensor.data as Float32Array)]);
    }
  });

  it('finds a face on a whole 512 × 384 level where the shipped graph finds it in a window', async () => {
    const rgb = await portrait();
    // The face alone in its 256 px window, and the same pixels 224 px right and 96 down on a
    // level (whole cells of both anchor layers, so the anchors fall on the face alike).
    const window = placed(rgb, 250, 256, 256, 3, 3);
    const [inWindow] = weightedNms(
      decodeDetections(await original.run({ 'input:0': imageTensor(window) }), 0.6),
    );
    const level = placed(rgb, 250, 512, 384, 227, 99);
    const found = weightedNms(
      decodeDetections(
        await anySize.run({ 'input:0': imageTensor(level, 512, 384) }),
        0.6,
        512,
        384,
      ),
    );
    expect(inWindow).toBeDefined();
    expect(found).toHaveLength(1);
    const [face] = found;
    // The same box and eyes, shifted, within a pixel (the level sees more around the face).
    expect(face?.cx).toBeCloseTo((inWindow?.cx ?? 0) + 224, 0);
    expect(face?.cy).toBeCloseTo((inWindow?.cy ?? 0) + 96, 0);
    expect(face?.w).toBeCloseTo(inWindow?.w ?? 0, 0);
    expect(face?.keypoints[0]).toBeCloseTo((inWindow?.keypoints[0] ?? 0) + 224, 0);
    expect(face?.keypoints[3]).toBeCloseTo((inWindow?.keypoints[3] ?? 0) + 96, 0);
  });

  it('refuses a graph it does not know rather than guess', () => {
    expect(() => anySizeDetector(new Uint8Array([1, 2, 3]))).toThrow();
  });
});
