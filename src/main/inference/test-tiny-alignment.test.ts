/**
 * test-tiny through the production path: JPEGs decoded and preprocessed by sharp in the core,
 * embedded by the real inference process, matched with text embedded there too. A query in
 * any of ten languages must find the photo of its colour first.
 */
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputSize } from '../../shared/model-config';
import { dot } from '../../shared/vector-math';
import { bundlePaths } from '../bundle-paths';
import { decodeImage, DecodeHelpers } from '../library/decode-image';
import { modelInputSpec, modelInputToTensor, renderModelInput } from './model-input';
import { InferenceClient } from './inference-client';
import { nodeWorkerLauncher } from './worker-launcher';

const root = path.resolve(import.meta.dirname, '../../..');
const modelDir = path.join(root, 'models/test-tiny');
const colours: [string, [number, number, number]][] = [
  ['red', [210, 30, 35]],
  ['orange', [245, 140, 20]],
  ['yellow', [240, 225, 40]],
  ['green', [40, 160, 60]],
  ['blue', [30, 80, 210]],
  ['purple', [125, 45, 160]],
  ['pink', [250, 160, 190]],
  ['brown', [115, 75, 35]],
  ['black', [15, 15, 15]],
  ['white', [245, 245, 245]],
  ['grey', [128, 128, 128]],
];

let client: InferenceClient;
let photoVectors: Float32Array[];

/** A real JPEG of mostly one colour with a contrasting stripe, as a camera would save it. */
async function photo([r, g, b]: [number, number, number]): Promise<Buffer> {
  const stripe = await sharp({
    create: {
      width: 200,
      height: 20,
      channels: 3,
      background: { r: 255 - r, g: 255 - g, b: 255 - b },
    },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width: 200, height: 150, channels: 3, background: { r, g, b } } })
    .composite([{ input: stripe, top: 120, left: 0 }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

beforeAll(async () => {
  client = new InferenceClient({
    launch: nodeWorkerLauncher(bundlePaths(path.join(root, 'dist/node')).workerScript),
  });
  client.start();
  await client.whenReady();
  const info = await client.request('loadModel', { dir: modelDir });
  expect(info.dimension).toBe(11);
  const jpegs = await Promise.all(colours.map(([, rgb]) => photo(rgb)));
  // As the app feeds the model: decoded, resized as open_clip does, normalised.
  const spec = modelInputSpec(info.preprocess);
  const per = 3 * spec.size * spec.size;
  const pixels = new Float32Array(jpegs.length * per);
  const helpers = new DecodeHelpers();
  for (const [i, jpeg] of jpegs.entries()) {
    const decoded = await decodeImage(jpeg, `${String(i)}.jpg`, 'jpeg', null, helpers);
    modelInputToTensor(await renderModelInput(decoded, spec), info.preprocess, pixels, i * per);
  }
  await helpers.dispose();
  const { vectors } = await client.request('embedImages', {
    dir: modelDir,
    pixels,
    count: jpegs.length,
    size: inputSize(info.preprocess),
  });
  photoVectors = vectors;
});

afterAll(async () => {
  await client.dispose();
});

describe('test-tiny, end to end', () => {
  it('embeds each photo closest to its own colour', () => {
    photoVectors.forEach((vector, i) => {
      const best = vector.indexOf(Math.max(...vector));
      expect(colours[best]?.[0], colours[i]?.[0]).toBe(colours[i]?.[0]);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    });
  });

  it('finds the photo of the colour named in the query, in ten languages', async () => {
    const queries: [string, string][] = [
      ['a red photo', 'red'],
      ['rot', 'red'],
      ['赤', 'red'],
      ['orange', 'orange'],
      ['gelb', 'yellow'],
      ['vert', 'green'],
      ['azul', 'blue'],
      ['蓝色的天空', 'blue'],
      ['viola', 'purple'],
      ['ピンクの花', 'pink'],
      ['коричневый', 'brown'],
      ['preto', 'black'],
      ['أبيض', 'white'],
      ['grau', 'grey'],
    ];
    const { vectors } = await client.request('embedTexts', {
      dir: modelDir,
      texts: queries.map(([q]) => q),
    });
    queries.forEach(([query, colour], i) => {
      const scores = photoVectors.map((p) => dot(p, vectors[i] ?? new Float32Array()));
      const best = scores.indexOf(Math.max(...scores));
      expect(colours[best]?.[0], query).toBe(colour);
    });
  });

  it('refuses malformed requests in the worker with a reason', async () => {
    await expect(
      client.request('embedImages', {
        dir: modelDir,
        pixels: new Float32Array(5),
        count: 1,
        size: 64,
      }),
    ).rejects.toThrow(/Invalid payload/);
    await expect(
      client.request('loadModel', { dir: path.join(root, 'no-such-model') }),
    ).rejects.toThrow(/config\.json is missing/);
  });
});
