/**
 * @file The shipped face recognition ONNX (models/faces/face-recognition-dlib.onnx) is
 * exactly what scripts/faces/build-face-models.ts makes from @vladmandic/face-api's TF.js
 * weights, and computes the same descriptors as face-api's own FaceRecognitionNet on TF.js
 * (the reference), on real face crops from ../shared/data/faces.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildRecognizer,
  faceApiWeights,
  faceModelsDir,
  recognizerFile,
} from '../scripts/faces/build-face-models';

const root = path.resolve(import.meta.dirname, '..');
const data = path.resolve(root, '../shared/data/faces');
/** face-api's TF.js (@tensorflow/tfjs, CPU backend); its own typings export only part of it. */
const tf = faceapi.tf as unknown as typeof tfjs;

/** Real face photos: tight crops and whole LFW portraits, squashed to the net's 150×150. */
const crops = [
  'face-api.js/amy/amy1.png',
  'face-api.js/sheldon/sheldon2.png',
  'face-api.js/penny/penny3.png',
  'lfw_krasserm/Ariel_Sharon/Ariel_Sharon_0001.jpg',
  'scikit-image/eileen_collins/astronaut.png',
  'face_recognition/joe_biden/biden.jpg',
];

async function crop150(file: string): Promise<Uint8Array> {
  const { data: rgb } = await sharp(path.join(data, file))
    .rotate()
    .resize(150, 150, { fit: 'cover' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return rgb;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

describe('face recognition model', () => {
  let net: faceapi.FaceRecognitionNet;
  let session: ort.InferenceSession;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    const { manifest, bin } = faceApiWeights(root);
    net = new faceapi.FaceRecognitionNet();
    const weightMap = tf.io.decodeWeights(new Uint8Array(bin).buffer, manifest);
    // The same TF.js at run time; the two packages' declaration copies differ only in name.
    net.loadFromWeightMap(weightMap as unknown as Parameters<typeof net.loadFromWeightMap>[0]);
    session = await ort.InferenceSession.create(path.join(faceModelsDir, recognizerFile), {
      executionProviders: ['cpu'],
    });
  });

  it('is the file the build script writes from the pinned face-api weights', () => {
    const shipped = readFileSync(path.join(faceModelsDir, recognizerFile));
    expect(Buffer.from(buildRecognizer(root)).equals(shipped)).toBe(true);
  });

  it.each(crops)('gives face-api’s descriptor for %s (cosine ≥ 0.999)', async (file) => {
    const rgb = await crop150(file);
    const input = tf.tensor3d(rgb, [150, 150, 3], 'int32');
    const reference = (await net.computeFaceDescriptor(
      input as unknown as faceapi.TNetInput,
    )) as Float32Array;
    input.dispose();
    const out = await session.run({
      image: new ort.Tensor('float32', Float32Array.from(rgb), [1, 150, 150, 3]),
    });
    const ours = out.descriptor?.data as Float32Array;
    expect(ours).toHaveLength(128);
    const similarity = cosine(ours, reference);
    const maxDiff = Math.max(...ours.map((v, i) => Math.abs(v - (reference[i] ?? 0))));
    console.log(`${file}: cosine ${similarity.toFixed(7)}, max |Δ| ${maxDiff.toExponential(2)}`);
    expect(similarity).toBeGreaterThanOrEqual(0.999);
  });
});
